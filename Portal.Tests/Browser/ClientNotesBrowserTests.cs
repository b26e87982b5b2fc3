using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>Her clients and her notes, as she uses them: find, open, decide, write, sign, amend, and the audit of it.</summary>
[Collection(FullStackCollection.Name)]
public sealed class ClientNotesBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task She_finds_a_client_marks_the_discovery_call_done_writes_signs_and_amends_a_note()
    {
        // Letters no log line holds by chance: the log scans read every word.
        var surname = "Quill" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(5)).ToLowerInvariant();
        var client = await StackPeople.ClientAsync(stack, $"Nadia {surname}", pastDiscovery: false);
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/clients");

        await page.GetByLabel("Name, email or phone").FillAsync(surname);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("[data-client-count]")).ToHaveTextAsync(new Regex("^\\s*1 client\\."));
        await Chromium.ScreenshotAsync(page, "admin-clients");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Nadia {surname}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/clients/{client.Id}$"));
        await Expect(page.Locator("[data-stage]")).ToHaveTextAsync("Enquiry");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark the discovery call done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("the discovery call is done");
        await Expect(page.Locator("[data-stage]")).ToHaveTextAsync("Discovery call done");
        await Expect(page.Locator("[data-timeline] [data-kind='StageChange']").First).ToContainTextAsync("Discovery call done");

        await page.GetByLabel("SOAP: subjective, objective, assessment, plan").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the note" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Note (draft)" })).ToBeVisibleAsync();
        var noteUrl = page.Url;

        // Typing saves the draft by itself: after a reload the words are still there.
        await page.GetByLabel("What they tell you").FillAsync($"Sleeping badly since the move to {surname}.");
        await Expect(page.Locator("[data-draft-status]")).ToContainTextAsync("Saved at", new() { Timeout = 30_000 });
        await page.ReloadAsync();
        await Expect(page.GetByLabel("What they tell you")).ToHaveValueAsync($"Sleeping badly since the move to {surname}.");
        await page.GetByLabel("What comes next").FillAsync($"Weekly sessions, {surname} plan.");
        await Chromium.ScreenshotAsync(page, "admin-note-draft");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign the note" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Signed.");
        var signed = page.Locator("[data-timeline] [data-kind='Note']");
        await Expect(signed).ToContainTextAsync($"Weekly sessions, {surname} plan.");
        await Expect(signed).ToContainTextAsync("signed");
        await Chromium.ScreenshotAsync(page, "admin-client");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GotoAsync(noteUrl);
        await Expect(page.Locator("[data-signed-note]")).ToContainTextAsync($"Sleeping badly since the move to {surname}.");
        await page.Locator("#Amend_Plan").FillAsync($"Fortnightly for {surname}.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the amendment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Amendment (draft)" })).ToBeVisibleAsync();
        await Expect(page.Locator(".note-original")).ToContainTextAsync($"Weekly sessions, {surname} plan.");
        await Chromium.ScreenshotAsync(page, "admin-note-amendment");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign the note" }).ClickAsync();
        await Expect(page.Locator("[data-timeline] [data-kind='Note']")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-timeline] [data-kind='Note']").First).ToContainTextAsync("Amendment");

        await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
        var notes = await db.SessionNotes.AsNoTracking().Where(n => n.ClientId == client.Id).OrderBy(n => n.CreatedAt).ToListAsync(ct);
        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.NotNull(n.SignedAt));
        Assert.Equal(notes[0].Id, notes[1].AmendsNoteId);
        Assert.True(await db.ClinicalReads.AnyAsync(r => r.ClientId == client.Id && r.Record == ClinicalRecord.Notes, ct));

        // The words of the notes are in no log line of the Web, the Api or the Worker, nor in anything sent.
        var lines = stack.LogsOf("web", "api", "worker");
        foreach (var words in new[] { $"move to {surname}", $"{surname} plan", $"Fortnightly for {surname}" })
        {
            Assert.DoesNotContain(lines, line => line.Contains(words, StringComparison.OrdinalIgnoreCase));
            var inOutbox = await db.Database.SqlQuery<int>(
                $"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE payload::text ILIKE {"%" + words + "%"}").SingleAsync(ct);
            Assert.True(inOutbox == 0, $"'{words}' is in the outbox");
        }

        await page.GotoAsync($"/admin/audit?clientId={client.Id}");
        await Expect(page.Locator("[data-audit-kind='Read Notes']").First).ToContainTextAsync("Notes shown");
        await Chromium.ScreenshotAsync(page, "admin-audit");
        await Chromium.ExpectAccessibleAsync(page);
    }
}
