using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The client's details: corrected by themselves, a new address through the link sent to it.</summary>
[Collection(FullStackCollection.Name)]
public sealed class ProfileBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_corrects_their_details_and_moves_to_a_new_address_by_its_link()
    {
        var client = await StackPeople.ClientAsync(stack, $"Alex {Guid.NewGuid():N}"[..13], pastDiscovery: false);
        var page = await NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your details" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/profile$"));

        await page.GetByLabel("Phone").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save your details" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("phone number");
        await Expect(page.GetByLabel("Phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Chromium.ScreenshotAsync(page, "me-profile-error");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByLabel("Your name").FillAsync("Alex Morgan");
        await page.GetByLabel("Phone").FillAsync("07911 123456");
        await page.GetByLabel("A reminder the day before each session").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save your details" }).ClickAsync();
        await Expect(page.Locator("[data-saved]")).ToContainTextAsync("Your details are saved");
        await Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+447911123456");
        await Expect(page.GetByLabel("A reminder the day before each session")).Not.ToBeCheckedAsync();

        var newAddress = $"alex.morgan-{Guid.NewGuid():N}@example.org";
        var asked = DateTime.UtcNow.AddSeconds(-1);
        await page.GetByLabel("New email address").FillAsync(newAddress);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Expect(page.Locator("[data-pending-email]")).ToContainTextAsync(newAddress);
        await Expect(page.Locator("[data-current-email]")).ToHaveTextAsync(client.Email);
        await Chromium.ScreenshotAsync(page, "me-profile");
        await Chromium.ExpectAccessibleAsync(page);

        // Followed on another device, signed out: the page asks before it changes anything.
        var link = await stack.LinkFromEmailAsync(newAddress, "email-change-*.eml", "Confirm this address", asked);
        var elsewhere = await NewPageAsync();
        await elsewhere.GotoAsync(link);
        await Expect(elsewhere.Locator("[data-link-address]")).ToContainTextAsync("@example.org");
        await Chromium.ScreenshotAsync(elsewhere, "me-email-confirm");
        await Chromium.ExpectAccessibleAsync(elsewhere);
        await elsewhere.GetByRole(AriaRole.Button, new() { Name = "Use this address" }).ClickAsync();
        await Expect(elsewhere.Locator("[data-email-changed]")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("[data-current-email]")).ToHaveTextAsync(newAddress);
        await Expect(page.Locator("[data-pending-email]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        await elsewhere.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        return await context.NewPageAsync();
    }
}
