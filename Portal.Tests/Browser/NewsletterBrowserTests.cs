using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The newsletter from the outside: sign up and confirm, the therapist writes and sends, a reader leaves.</summary>
[Collection(FullStackCollection.Name)]
public sealed class NewsletterBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_visitor_subscribes_and_confirms_the_therapist_previews_and_sends_and_the_reader_unsubscribes_from_the_page()
    {
        var email = $"reader-{Guid.NewGuid():N}"[..20] + "@example.com";
        var therapistApi = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        async Task<int> NotClientsAsync() =>
            (await therapistApi.GetFromJsonAsync<Portal.Api.Newsletter.SegmentResponse[]>("/api/newsletter/segments"))!.Single(s => s.Segment == "NotClients").Subscribers;
        var before = await NotClientsAsync();

        // Signing up on the public site.
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await page.GotoAsync("/newsletter");
        await Expect(page.Locator("[data-footer-newsletter]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "newsletter");
        await Chromium.ExpectAccessibleAsync(page);
        await page.Locator("[data-newsletter-form]").GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your first name (optional)").FillAsync("Rowan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign me up" }).ClickAsync();
        await Expect(page.Locator("[data-newsletter-sent]")).ToContainTextAsync("check your inbox");
        await Chromium.ScreenshotAsync(page, "newsletter-sent");

        // The emailed link: opening it confirms nothing; pressing the button does.
        var confirm = await stack.LinkFromEmailAsync(email, "newsletter-confirm-*.eml", "Yes, send me the newsletter", DateTime.MinValue);
        await page.GotoAsync(confirm);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm the newsletter");
        await Chromium.ScreenshotAsync(page, "newsletter-confirm");
        await Chromium.ExpectAccessibleAsync(page);
        Assert.Equal(before, await NotClientsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, send me the newsletter" }).ClickAsync();
        await Expect(page.Locator("[data-newsletter-confirmed]")).ToContainTextAsync("r***@example.com");
        Assert.Equal(before + 1, await NotClientsAsync());

        // The therapist writes, previews and sends to a segment.
        var confirmedAt = DateTime.UtcNow;
        var admin = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(admin, StackPeople.TherapistEmail, "/admin/newsletter");
        await admin.GetByLabel("Subject").FillAsync("Winter letter");
        await admin.GetByLabel("The letter (Markdown)").FillAsync("# Slowing down\n\nA few thoughts on **rest** in the dark months.\n\n[Book a call](https://example.com/book)");
        await admin.GetByLabel("Send to").SelectOptionAsync("NotClients");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(admin.Locator("[data-newsletter-preview] h1")).ToHaveTextAsync("Slowing down");
        await Expect(admin.Locator("[data-newsletter-preview] strong").Last).ToHaveTextAsync("rest");
        await Chromium.ScreenshotAsync(admin, "admin-newsletter-preview");
        await Chromium.ExpectAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-newsletter-notice]")).ToContainTextAsync("“Winter letter” is going out now");
        await Expect(admin.Locator("[data-newsletter-history]")).ToContainTextAsync("Winter letter");
        await Chromium.ScreenshotAsync(admin, "admin-newsletter-history");

        // The reader's copy: one-click headers, and the footer link to the same page.
        var unsubscribe = await stack.LinkFromEmailAsync(email, "newsletter-*.eml", "Unsubscribe", confirmedAt);
        Assert.Matches("/newsletter/unsubscribe/", unsubscribe);

        // Opening it unsubscribes nobody; the page asks.
        await page.GotoAsync(unsubscribe);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leave the newsletter?");
        await Expect(page.Locator("[data-unsubscribe-address]")).ToHaveTextAsync("r***@example.com");
        await Chromium.ScreenshotAsync(page, "newsletter-unsubscribe");
        await Chromium.ExpectAccessibleAsync(page);
        Assert.Equal(before + 1, await NotClientsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.Locator("[data-unsubscribed]")).ToContainTextAsync("No more newsletters");
        await Chromium.ScreenshotAsync(page, "newsletter-unsubscribed");
        Assert.Equal(before, await NotClientsAsync());

        // A mail provider's RFC 8058 one-click POST: no cookie, no antiforgery token, answered 200 without a redirect.
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var oneClick = await provider.PostAsync(new Uri(unsubscribe),
            new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("You are unsubscribed", await oneClick.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_client_chooses_the_newsletter_on_their_email_preferences_page()
    {
        var client = await StackPeople.ClientAsync(stack, $"Nell {Guid.NewGuid():N}"[..13], pastDiscovery: false);
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me/newsletter");

        var box = page.GetByLabel("Send me the practice's newsletter");
        await Expect(box).Not.ToBeCheckedAsync();
        await Chromium.ScreenshotAsync(page, "me-newsletter");
        await Chromium.ExpectAccessibleAsync(page);
        await box.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-newsletter-saved]")).ToContainTextAsync("the newsletter will come to you");
        await Expect(box).ToBeCheckedAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/newsletter$"));
    }

    [Fact]
    public async Task The_therapist_imports_a_Mailchimp_export_after_seeing_what_it_holds()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            "Email Address","First Name","Last Name","OPTIN_TIME","CONFIRM_TIME","UNSUB_TIME","CLEAN_TIME"
            mc-{tag}-a@example.com,Ada,Lovelace,,"2024-01-05 10:00:00",,
            MC-{tag}-A@Example.com,Ada,L,,,,
            mc-{tag}-b@example.com,Bob,Stone,"2023-06-01 08:30:00",,,
            mc-{tag}-gone@example.com,Gone,Away,,,"2024-02-01 12:00:00",
            """;
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/newsletter/import");
        await Chromium.ScreenshotAsync(page, "admin-newsletter-import");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByLabel("Mailchimp export (CSV)").SetInputFilesAsync(new FilePayload
        {
            Name = "subscribed_members_export.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Read the file" }).ClickAsync();
        await Expect(page.Locator("[data-import-preview]")).ToContainTextAsync("2 subscribed addresses to add");
        await Expect(page.Locator("[data-import-preview]")).ToContainTextAsync("1 unsubscribed and 0 cleaned rows left out");
        await Chromium.ScreenshotAsync(page, "admin-newsletter-import-preview");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 subscribers" }).ClickAsync();
        await Expect(page.Locator("[data-import-result]")).ToContainTextAsync("2 added.");
    }
}
