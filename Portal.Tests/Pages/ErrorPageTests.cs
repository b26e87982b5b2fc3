using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Pages;

/// <summary>What a visitor reads when the Web cannot do what they asked: a page in plain words, never a bare status.</summary>
public sealed class ErrorPageTests : IAsyncDisposable
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly WebFactory web = new();

    [Fact]
    public async Task A_form_sent_without_its_antiforgery_token_says_nothing_was_sent_and_how_to_try_again()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "someone@example.com" });

        using var response = await web.CreateClient(WebFactory.NoCookies).PostAsync("/signin", form, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("That form could not be sent", page);
        Assert.Contains("Nothing was sent or booked.", page);
        Assert.DoesNotContain("Something went wrong on our side", page);
    }

    [Fact]
    public async Task An_unknown_address_is_a_friendly_not_found_page()
    {
        using var response = await web.CreateClient(WebFactory.NoCookies).GetAsync("/no-such-page", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find that page", await response.Content.ReadAsStringAsync(ct));
    }

    public async ValueTask DisposeAsync() => await web.DisposeAsync();
}
