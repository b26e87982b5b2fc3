using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Content;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The library as she and a client use it: upload with progress, share after a session, play, open, download, mark as seen.</summary>
[Collection(FullStackCollection.Name)]
public sealed class ContentLibraryBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task She_uploads_a_recording_shares_it_after_a_session_and_the_client_plays_it_and_downloads_a_worksheet()
    {
        var surname = ContentPeople.UniqueWord("Fenwick");
        var (client, session) = await ContentPeople.ClientWithSessionAsync(stack, $"Iris {surname}", ct);
        var worksheet = ContentSamples.Pdf(40_000);
        var worksheetTitle = ContentPeople.UniqueWord("Thought record ");
        await ContentPeople.SharedAsync(stack, client.Id, "Worksheet", "thought-record.pdf", worksheet, worksheetTitle, ct);

        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/content");
        var recording = new FilePayload { Name = "evening.wav", MimeType = "audio/wav", Buffer = ContentSamples.Wav(20) };
        await page.GetByLabel("What it is").SelectOptionAsync("Audio");
        await page.GetByLabel("The file").SetInputFilesAsync(recording);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the library" }).ClickAsync();
        // The file goes to the Web, on to the Api and the page comes back: once, in a CI run with both cores busy, that
        // took longer than the usual 5 s (the stack's log of such a run is in artifacts/test-results/full-stack.log).
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Give it a title", new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-valmsg-for='Input.Title']")).ToContainTextAsync("Give it a title");
        await Chromium.ScreenshotAsync(page, "admin-content-errors");
        await Chromium.ExpectAccessibleAsync(page);

        var title = ContentPeople.UniqueWord("Evening hypnosis ");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("What it is").SelectOptionAsync("Audio");
        await page.GetByLabel("The file").SetInputFilesAsync(recording);
        // The status line is written down as it changes, in this tab's storage, which outlives the page it was on.
        await page.EvaluateAsync("""
            () => {
              const status = document.querySelector("[data-upload-status]");
              new MutationObserver(() => sessionStorage.setItem("upload-status", JSON.stringify([...JSON.parse(sessionStorage.getItem("upload-status") ?? "[]"), status.textContent])))
                .observe(status, { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the library" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/content/[0-9a-f-]{36}$"));
        var itemUrl = page.Url;
        var statuses = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>("() => sessionStorage.getItem('upload-status') ?? '[]'"))!;
        Assert.Contains(statuses, s => s.Contains("% sent", StringComparison.Ordinal) || s.StartsWith("Sent.", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is in your library");
        await Expect(page.Locator("[data-content-item] audio")).ToHaveCountAsync(1);

        await page.GetByLabel("Client", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"Iris {surname}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Choose" }).ClickAsync();
        await page.GetByLabel("After which session").SelectOptionAsync(session.Id.ToString());
        var note = $"Listen before bed, {surname}.";
        await page.GetByLabel("A note for them").FillAsync(note);
        await Chromium.ScreenshotAsync(page, "admin-content-share");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Share with Iris {surname}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Shared.");
        var share = page.Locator($"[data-share='{client.Id}']");
        await Expect(share).ToContainTextAsync("not seen yet");
        await Expect(share).ToContainTextAsync(note);
        await Chromium.ScreenshotAsync(page, "admin-content-item");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GotoAsync("/admin/content");
        var listed = page.Locator("[data-library-items] > li").First;
        await Expect(listed).ToContainTextAsync(title);
        await Expect(listed).ToContainTextAsync("evening.wav");
        await Expect(listed).ToContainTextAsync("0:20 long");
        await Expect(listed).ToContainTextAsync("Shared with 1 client");
        await Chromium.ScreenshotAsync(page, "admin-content");
        await Chromium.ExpectAccessibleAsync(page);

        var phone = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(phone, client.Email, "/me/library");
        var first = phone.Locator("[data-entry]").First;
        await Expect(first.GetByRole(AriaRole.Heading)).ToHaveTextAsync(title);
        await Expect(first.Locator("[data-new]")).ToHaveTextAsync("New");
        await Expect(first.Locator("[data-note]")).ToHaveTextAsync(note);
        var day = TimeZoneInfo.ConvertTime(session.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))
            .ToString("ddd d MMM", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        await Expect(first.Locator("[data-session]")).ToHaveTextAsync($"After your session on {day}");
        await Chromium.ScreenshotAsync(phone, "me-library");
        await Chromium.ExpectAccessibleAsync(phone);

        // The player asks the Web for pieces of the file; the Web passes Range on and the Api's 206 back.
        var ranged = await phone.EvaluateAsync<JsonElement>("""
            async () => {
              const src = document.querySelector("[data-entry] audio").src;
              const r = await fetch(src, { headers: { Range: "bytes=100-199" } });
              return { status: r.status, range: r.headers.get("content-range"), length: (await r.arrayBuffer()).byteLength };
            }
            """);
        Assert.Equal(206, ranged.GetProperty("status").GetInt32());
        Assert.Matches("^bytes 100-199/", ranged.GetProperty("range").GetString());
        Assert.Equal(100, ranged.GetProperty("length").GetInt32());

        // Muted, so the browser lets a script start it.
        await first.Locator("audio").EvaluateAsync("a => { a.muted = true; return a.play(); }");
        await phone.WaitForFunctionAsync("() => document.querySelector('[data-entry] audio').readyState >= 2", null, new() { Timeout = 15_000 });
        await Expect(first.Locator("[data-new]")).ToHaveCountAsync(0);

        var sheet = phone.Locator("[data-entry]", new() { Has = phone.GetByRole(AriaRole.Heading, new() { Name = worksheetTitle }) });
        var download = await phone.RunAndWaitForDownloadAsync(() => sheet.GetByRole(AriaRole.Link, new() { Name = $"Download {worksheetTitle}" }).ClickAsync());
        Assert.Equal("thought-record.pdf", download.SuggestedFilename);
        Assert.Equal(worksheet, await File.ReadAllBytesAsync((await download.PathAsync())!, ct));

        // Playing it told her: she sees it was seen.
        await page.GotoAsync(itemUrl);
        await Expect(page.Locator($"[data-share='{client.Id}'] [data-seen]")).ToContainTextAsync("seen ");
        await Expect(page.Locator($"[data-share='{client.Id}'] [data-seen]")).Not.ToContainTextAsync("not seen");
    }
}
