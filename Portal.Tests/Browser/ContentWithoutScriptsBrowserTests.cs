using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Content;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The library without JavaScript: the upload form posts and the page reloads; "Mark as seen" is a plain form. These pages
/// are used, not inspected: screenshots and axe need scripts (Playwright waits for ever on them with scripts off), so
/// the same pages are looked at in <see cref="ContentLibraryBrowserTests"/>.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class ContentWithoutScriptsBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upload_without_scripts_shows_what_to_fix_keeps_what_she_typed_and_then_adds_the_item()
    {
        var page = await PageWithoutScriptsAsync(1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/content");
        var description = ContentPeople.UniqueWord("Five columns ");
        await page.GetByLabel("What it is").SelectOptionAsync("Worksheet");
        await page.GetByLabel("Description").FillAsync(description);
        await page.GetByLabel("The file").SetInputFilesAsync(new FilePayload { Name = "columns.pdf", MimeType = "application/pdf", Buffer = ContentSamples.Pdf(30_000) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the library" }).ClickAsync();

        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Give it a title");
        await Expect(page.Locator("[data-valmsg-for='Input.Title']")).ToContainTextAsync("Give it a title");
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync(description);
        await Expect(page.GetByLabel("What it is")).ToHaveValueAsync("Worksheet");

        var title = ContentPeople.UniqueWord("Five column record ");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("The file").SetInputFilesAsync(new FilePayload { Name = "columns.pdf", MimeType = "application/pdf", Buffer = ContentSamples.Pdf(30_000) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the library" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/content/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("[data-content-item]")).ToContainTextAsync("columns.pdf");
    }

    [Fact]
    public async Task A_client_without_scripts_marks_a_new_item_as_seen()
    {
        var (client, _) = await ContentPeople.ClientWithSessionAsync(stack, $"Owen {ContentPeople.UniqueWord("Hale")}", ct);
        var title = ContentPeople.UniqueWord("Grounding ");
        await ContentPeople.SharedAsync(stack, client.Id, "Meditation", "grounding.wav", ContentSamples.Wav(2), title, ct);

        var page = await PageWithoutScriptsAsync(390, 844);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me/library");
        var entry = page.Locator("[data-entry]").First;
        await Expect(entry.GetByRole(AriaRole.Heading)).ToHaveTextAsync(title);
        await Expect(entry.Locator("[data-new]")).ToBeVisibleAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = $"Mark as seen {title}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/library#item-"));
        await Expect(page.Locator("[data-entry]").First.Locator("[data-new]")).ToHaveCountAsync(0);
    }

    private async Task<IPage> PageWithoutScriptsAsync(int width, int height)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            JavaScriptEnabled = false,
        });
        return await context.NewPageAsync();
    }
}
