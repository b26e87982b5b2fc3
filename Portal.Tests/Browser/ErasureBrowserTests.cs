using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>Closing an account: the client asks, follows the emailed link and confirms; the therapist erases another client.</summary>
[Collection(FullStackCollection.Name)]
public sealed class ErasureBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_closes_their_account_by_the_emailed_link_and_is_signed_out()
    {
        var client = await StackPeople.ClientAsync(stack, $"Robin {Guid.NewGuid():N}"[..14], pastDiscovery: false);
        var page = await NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me/data");
        await page.Locator("[data-close-account-link]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/close$"));
        await Expect(page.Locator("[data-close-account]")).ToContainTextAsync("no upcoming sessions");
        await Chromium.ScreenshotAsync(page, "me-close");
        await Chromium.ExpectAccessibleAsync(page);

        var asked = DateTime.UtcNow.AddSeconds(-1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me the link to close my account" }).ClickAsync();
        await Expect(page.Locator("[data-closure-link-sent]")).ToContainTextAsync(client.Email);

        var link = await stack.LinkFromEmailAsync(client.Email, "closure-*.eml", "Review and close my account", asked);
        await page.GotoAsync(link);
        await Expect(page.Locator("[data-confirm-close]")).ToContainTextAsync(client.Name);
        await Chromium.ScreenshotAsync(page, "me-close-confirm");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close my account" }).ClickAsync();
        await Expect(page.Locator("[data-account-closed]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "me-closed");
        await Chromium.ExpectAccessibleAsync(page);

        // Signed out: their pages ask for a sign-in again.
        await page.GotoAsync("/me");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_therapist_erases_a_client_after_reading_what_will_happen()
    {
        var client = await StackPeople.ClientAsync(stack, $"Sasha {Guid.NewGuid():N}"[..14], pastDiscovery: true);
        var page = await NewPageAsync(1280);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, $"/admin/clients/{client.Id}");
        await page.Locator("[data-erase-link]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/clients/{client.Id}/erase$"));
        await Expect(page.Locator("[data-erase-client]")).ToContainTextAsync("cannot be undone");
        await Chromium.ScreenshotAsync(page, "admin-client-erase");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Erase {client.Name}" }).ClickAsync();
        // Nothing was kept for them (no sessions, payments or notes): their page goes with them.
        await Expect(page.Locator("[data-erased-client]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-erase-client]")).ToContainTextAsync("no trace of them is left");
        await Chromium.ScreenshotAsync(page, "admin-client-erased");
        await Chromium.ExpectAccessibleAsync(page);
        var gone = await page.GotoAsync($"/admin/clients/{client.Id}");
        Assert.Equal(404, gone!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_privacy_notice_says_what_is_kept_when_an_account_is_closed()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/privacy");
        await Expect(page.Locator("[data-what-we-keep]")).ToContainTextAsync("7 years");
        await Chromium.ScreenshotAsync(page, "privacy-what-we-keep");
        await Chromium.ExpectAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync(int width = 390)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        return await context.NewPageAsync();
    }
}
