using System.Net;
using Aspire.Hosting.Testing;

namespace Portal.Tests.FullStack;

/// <summary>A booking page reached by an odd link (a shared URL, a typo, a bot) shows the page and says what it shows.</summary>
[Collection(FullStackCollection.Name)]
public sealed class BookingPageAddressTests(PortalStack stack)
{
    [Theory]
    [InlineData("week=9999-12-30", "up to two years ahead")]
    [InlineData("week=0001-01-01", "")]
    [InlineData("week=not-a-date", "")]
    [InlineData("tz=Pacific%20Standard%20Time", "We do not know the time zone")]
    [InlineData("tz=Mars%2FOlympus&week=9999-12-31", "We do not know the time zone")]
    public async Task An_address_the_page_cannot_follow_shows_this_weeks_times_with_a_sentence(string query, string sentence)
    {
        var web = stack.App.CreateHttpClient("web");

        var response = await web.GetAsync($"/book/discovery-call?{query}", TestContext.Current.CancellationToken);

        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {page[..Math.Min(page.Length, 500)]}");
        Assert.Contains("Free discovery call", page);
        Assert.Contains("data-slot-picker", page);
        Assert.Contains(sentence, page);
    }
}
