using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>A signed-in client joins the waitlist from a session's free times, sees their place, and leaves it.</summary>
[Collection(FullStackCollection.Name)]
public sealed class WaitlistBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_joins_the_waitlist_from_the_free_times_and_leaves_it_with_one_click()
    {
        var client = await StackPeople.ClientAsync(stack, $"Robin {Guid.NewGuid():N}"[..14], pastDiscovery: false);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/book/discovery-call");

        // Days far ahead: the Worker may offer a free time at once, and no other test books there.
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(100);
        await page.GetByText("No time that suits you? Join the waitlist").ClickAsync();
        await page.GetByLabel("First day").FillAsync(first.AddDays(3).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Last day").FillAsync(first.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Mornings (before 12:00)").CheckAsync();
        await Chromium.ScreenshotAsync(page, "book-waitlist-join");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/book/discovery-call/waitlist$"));
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("swap them");
        await Expect(page.GetByLabel("Last day")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Mornings (before 12:00)")).ToBeCheckedAsync();
        await Chromium.ScreenshotAsync(page, "book-waitlist-error");

        await page.GetByLabel("First day").FillAsync(first.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Last day").FillAsync(first.AddDays(3).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me/waitlist$"));
        await Expect(page.Locator("[data-waitlist-message]")).ToContainTextAsync("You are on the waitlist");
        var place = page.Locator("[data-waitlist-place]");
        await Expect(place).ToContainTextAsync("mornings");
        await Chromium.ScreenshotAsync(page, "me-waitlist");
        await ExpectAccessibleAsync(client.Email, first);

        await page.GotoAsync("/me");
        await Expect(page.Locator("[data-my-waitlist] [data-waitlist-place]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Leave the waitlist" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me/waitlist$"));
        await Expect(page.Locator("[data-waitlist-message]")).ToContainTextAsync("You have left the waitlist");
        await Expect(page.Locator("[data-waitlist-place]")).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    /// <summary>axe needs scripts: the same pages, in a browser that runs them.</summary>
    private async Task ExpectAccessibleAsync(string email, DateOnly first)
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, email, "/book/discovery-call");
        await page.GetByText("No time that suits you? Join the waitlist").ClickAsync();
        await Chromium.ExpectAccessibleAsync(page);
        await page.GotoAsync($"/book/discovery-call/waitlist?from={first:yyyy-MM-dd}");
        await Expect(page.GetByLabel("First day")).ToHaveValueAsync(first.ToString("yyyy-MM-dd"));
        await Chromium.ExpectAccessibleAsync(page);
        await page.GotoAsync("/me/waitlist");
        await Expect(page.Locator("[data-waitlist-place]")).ToHaveCountAsync(1);
        await Chromium.ExpectAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
