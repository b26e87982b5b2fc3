using Microsoft.Playwright;
using Portal.Tests.FullStack;

namespace Portal.Tests.Browser;

[Collection(FullStackCollection.Name)]
public sealed class HomePageBrowserTests(PortalStack stack, Chromium chromium)
{
    public static TheoryData<string, int, int> Viewports => new(Chromium.Viewports.Select(v => (v.Name, v.Width, v.Height)));

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task The_home_page_shows_the_session_types_and_the_discovery_call_invitation(string viewport, int width, int height)
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, width, height);

        var response = await page.GotoAsync("/");

        Assert.True(response?.Ok, $"GET / ({viewport}) answered {response?.Status}");
        var sessionTypes = page.Locator("[data-session-type]");
        await Assertions.Expect(sessionTypes.First).ToBeVisibleAsync();
        var names = await page.Locator(".session-type__name").AllInnerTextsAsync();
        Assert.Contains("Free discovery call", names);
        Assert.Contains("Therapy session (online)", names);
        Assert.Contains("Therapy session (in person)", names);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Book a free 20-minute discovery call" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_home_page_has_no_serious_accessibility_violations()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await page.GotoAsync("/");
        await Chromium.ScreenshotAsync(page, "home");

        await Chromium.ExpectAccessibleAsync(page);
    }
}
