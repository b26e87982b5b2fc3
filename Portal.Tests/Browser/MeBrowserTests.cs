using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The client's own page: the time zone from every IANA zone, this device's offered first.</summary>
[Collection(FullStackCollection.Name)]
public sealed class MeBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_on_a_device_in_Tokyo_is_offered_its_zone_and_any_zone_can_be_typed()
    {
        var client = await StackPeople.ClientAsync(stack, $"Yuki {Guid.NewGuid():N}"[..13], pastDiscovery: false);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Asia/Tokyo",
        });
        var page = await context.NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me");

        Assert.True(await page.Locator("#time-zones option").CountAsync() > 300);
        var zone = page.GetByLabel("Times are shown, and emailed, in");
        await Expect(zone).ToHaveValueAsync("Europe/London");
        await Expect(page.Locator("[data-zone-guess]")).ToContainTextAsync("This device is set to Asia/Tokyo");
        await Chromium.ScreenshotAsync(page, "me-time-zone");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Use it" }).ClickAsync();
        await Expect(zone).ToHaveValueAsync("Asia/Tokyo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Times are now shown in Tokyo time.");
        await Expect(page.Locator("[data-zone-guess]")).ToBeHiddenAsync();

        // Not on the list: typed by hand, refused in words.
        await zone.FillAsync("Mars/Olympus_Mons");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("time zone");
        await Expect(zone).ToHaveValueAsync("Asia/Tokyo");
        await context.CloseAsync();
    }
}
