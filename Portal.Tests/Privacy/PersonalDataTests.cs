using Portal.Core.Privacy;

namespace Portal.Tests.Privacy;

/// <summary>Error text bound for logs and stored notes keeps what went wrong and loses whose address it was.</summary>
public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("550 5.1.1 <pat.client@example.co.uk>: Recipient address rejected", "550 5.1.1 <[email]>: Recipient address rejected")]
    [InlineData("Invalid `to` field: pat+therapy@mail.example.com.", "Invalid `to` field: [email].")]
    [InlineData("Call +44 7911 123456 or 07911 123456 back", "Call [phone] or [phone] back")]
    [InlineData("HttpRequestException: 503 on 2026-03-02 07:00 for booking 0197f3a2-1c2d-7e4f-9a8b-123456789abc",
        "HttpRequestException: 503 on 2026-03-02 07:00 for booking 0197f3a2-1c2d-7e4f-9a8b-123456789abc")]
    [InlineData("The address not-an-address@ is not valid", "The address not-an-address@ is not valid")]
    public void Addresses_and_phone_numbers_are_masked_and_nothing_else_is(string text, string expected) =>
        Assert.Equal(expected, PersonalData.Redact(text));
}
