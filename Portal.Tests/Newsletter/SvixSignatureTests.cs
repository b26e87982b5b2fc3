using Portal.Core.Newsletter;

namespace Portal.Tests.Newsletter;

public sealed class SvixSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);
    private static readonly string Stamp = Now.ToUnixTimeSeconds().ToString();
    private const string Body = """{"type":"email.delivered","data":{"email_id":"e1"}}""";

    [Fact]
    public void A_signature_made_with_the_secret_over_id_timestamp_and_body_is_valid()
    {
        var signature = SvixSignature.SignatureOf(Secret, "msg_1", Stamp, Body);
        Assert.Equal(SignatureVerdict.Valid, SvixSignature.Verify(Secret, "msg_1", Stamp, signature, Body, Now));
    }

    [Fact]
    public void Any_one_matching_v1_entry_of_several_is_enough_as_while_a_secret_is_rotated()
    {
        var good = SvixSignature.SignatureOf(Secret, "msg_1", Stamp, Body);
        var header = $"v1,{Convert.ToBase64String(new byte[32])} v2,whatever {good}";
        Assert.Equal(SignatureVerdict.Valid, SvixSignature.Verify(Secret, "msg_1", Stamp, header, Body, Now));
    }

    [Fact]
    public void Another_body_id_or_secret_does_not_match()
    {
        var signature = SvixSignature.SignatureOf(Secret, "msg_1", Stamp, Body);
        Assert.Equal(SignatureVerdict.Mismatch, SvixSignature.Verify(Secret, "msg_1", Stamp, signature, Body + " ", Now));
        Assert.Equal(SignatureVerdict.Mismatch, SvixSignature.Verify(Secret, "msg_2", Stamp, signature, Body, Now));
        Assert.Equal(SignatureVerdict.Mismatch, SvixSignature.Verify("whsec_" + Convert.ToBase64String(new byte[24]), "msg_1", Stamp, signature, Body, Now));
        Assert.Equal(SignatureVerdict.Mismatch, SvixSignature.Verify(Secret, "msg_1", Stamp, "v1,not-base64!", Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_is_stale_even_when_correctly_signed(int offsetSeconds)
    {
        var stamp = (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();
        var signature = SvixSignature.SignatureOf(Secret, "msg_1", stamp, Body);
        Assert.Equal(SignatureVerdict.Stale, SvixSignature.Verify(Secret, "msg_1", stamp, signature, Body, Now));
        Assert.Equal(SignatureVerdict.Stale, SvixSignature.Verify(Secret, "msg_1", "yesterday", signature, Body, Now));
    }

    [Fact]
    public void Missing_headers_are_refused()
    {
        Assert.Equal(SignatureVerdict.Missing, SvixSignature.Verify(Secret, null, Stamp, "v1,x", Body, Now));
        Assert.Equal(SignatureVerdict.Missing, SvixSignature.Verify(Secret, "msg_1", "", "v1,x", Body, Now));
        Assert.Equal(SignatureVerdict.Missing, SvixSignature.Verify(Secret, "msg_1", Stamp, null, Body, Now));
    }
}
