using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Intake;
using Portal.Api.MyData;
using Portal.Core.MyData;
using Portal.Core.Privacy;
using Portal.Tests.Content;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.MyData;

/// <summary>A client's copy of their data: everything of theirs, nothing of anyone else's, for 7 days.</summary>
public sealed class DataExportTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private static readonly string[] RecordFiles =
        ["bookings.json", "consents.json", "intake.json", "library.json", "messages.json", "newsletter.json", "notifications.json", "payments.json",
            "profile.json", "sign-ins.json", "stage-history.json", "summary.html", "waitlist.json"];

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync() => resend = await FakeResend.StartAsync();

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    /// <summary>A client with something of every kind, each carrying <paramref name="mark"/> where words are theirs.</summary>
    private async Task<(Guid Id, string Email, HttpClient Http, byte[] File)> ClientWithEverythingAsync(string mark, HttpClient therapist, IntakeFormResponse form, int hour)
    {
        var email = $"{mark}-{Guid.NewGuid():N}@example.com";
        var (client, http) = await api.ClientSignedInAsync(email, discoveryCompleted: false);
        var booked = await http.PostBookingAsync(new { sessionType = "discovery-call", start = Tuesday(hour), timeZone = "Europe/London", note = $"note of {mark}" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        await therapist.PostAsJsonAsync("/api/messages/threads", new { clientId = client.Id, subject = $"subject for {mark}", body = $"words for {mark}" }, ct);
        await therapist.PostAsync($"/api/clients/{client.Id}/discovery-completed", null, ct);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/me/newsletter", new { subscribed = true }, ct)).StatusCode);
        await http.PutAsJsonAsync("/api/me/intake",
            new { answers = new Dictionary<string, string[]> { [form.Questions[0].Id.ToString()] = [$"answer of {mark}"] } }, ct);
        var bytes = Encoding.UTF8.GetBytes($"%PDF-1.7\n worksheet of {mark} ").Concat(new byte[3000]).ToArray();
        var item = await ContentSamples.UploadAsync(therapist, "Worksheet", $"{mark}.pdf", bytes, title: $"Worksheet {mark}");
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync($"/api/content/{item}/shares", new { clientId = client.Id, note = $"share note {mark}" }, ct)).StatusCode);
        await using (var db = api.OpenDb())
        {
            db.ClientConsents.Add(ClientConsent.ToPrivacyNotice(client.Id, $"notice-{mark}", ApiFactory.DefaultNow, "booking form"));
            var booking = await db.Bookings.Include(b => b.SessionType).SingleAsync(b => b.ClientId == client.Id, ct);
            db.Payments.Add(Portal.Core.Payments.Payment.For(booking, ApiFactory.DefaultNow));
            var account = await db.UserAccounts.SingleAsync(u => u.ClientId == client.Id, ct);
            db.SignInEvents.Add(Portal.Core.Identity.SignInEvent.Of(Portal.Core.Identity.SignInEventKind.SignedIn, ApiFactory.DefaultNow,
                $"10.77.{hour}.{hour}", client.EmailKey, account.Id));
            await db.SaveChangesAsync(ct);
        }

        return (client.Id, email, http, bytes);
    }

    [Fact]
    public async Task The_zip_holds_every_kind_of_the_clients_records_and_nothing_of_another_client_and_expires_after_7_days()
    {
        var therapist = await api.TherapistSignedInAsync();
        var form = (await (await therapist.PutAsJsonAsync("/api/intake/form",
            new { questions = new[] { new { kind = "LongText", text = "What brings you?", required = true } } }, ct))
            .Content.ReadFromJsonAsync<IntakeFormResponse>(ct))!;
        var a = await ClientWithEverythingAsync("alpha", therapist, form, 9);
        var b = await ClientWithEverythingAsync("bravo", therapist, form, 10);
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);

        var asked = await a.Http.PostAsync("/api/me/data-exports", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var export = (await asked.Content.ReadFromJsonAsync<DataExportResponse>(ct))!;
        Assert.Null(export.ReadyAt);
        Assert.Equal(HttpStatusCode.Conflict, (await a.Http.GetAsync($"/api/me/data-exports/{export.Id}/download", ct)).StatusCode);
        Assert.Equal(export.Id, (await (await a.Http.PostAsync("/api/me/data-exports", null, ct)).Content.ReadFromJsonAsync<DataExportResponse>(ct))!.Id);

        await worker.DrainAsync(ct);
        await worker.DrainAsync(ct);
        Assert.Single(resend.Sent, e => e.To.Single().Contains(a.Email) && e.Subject == "Your copy of your data is ready");
        Assert.DoesNotContain("answer of alpha", resend.Sent.Single(e => e.Subject == "Your copy of your data is ready").Text);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Http.GetAsync($"/api/me/data-exports/{export.Id}/download", ct)).StatusCode);

        var download = await a.Http.GetAsync($"/api/me/data-exports/{export.Id}/download", ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(await download.Content.ReadAsStreamAsync(ct));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(RecordFiles, names.Where(n => !n.StartsWith("library/", StringComparison.Ordinal)).Order());
        var library = Assert.Single(names, n => n.StartsWith("library/", StringComparison.Ordinal));
        Assert.EndsWith("/alpha.pdf", library);

        var texts = new Dictionary<string, string>();
        foreach (var entry in zip.Entries)
        {
            await using var stream = await entry.OpenAsync(ct);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, ct);
            texts[entry.FullName] = Encoding.UTF8.GetString(memory.ToArray());
            if (entry.FullName == library)
            {
                Assert.Equal(a.File, memory.ToArray());
            }
        }

        // Each kind carries A's own record; no file names B in any way.
        Assert.Contains(a.Email, texts["profile.json"]);
        Assert.Contains("note of alpha", texts["bookings.json"]);
        Assert.Contains("words for alpha", texts["messages.json"]);
        Assert.Contains("answer of alpha", texts["intake.json"]);
        Assert.Contains("share note alpha", texts["library.json"]);
        Assert.Contains("notice-alpha", texts["consents.json"]);
        Assert.Contains("\"title\"", texts["notifications.json"]);
        Assert.Contains(a.Email, texts["newsletter.json"]);
        Assert.Contains("Subscribed", texts["newsletter.json"]);
        Assert.Contains("DiscoveryCompleted", texts["stage-history.json"]);
        Assert.Contains("words for alpha", texts["summary.html"]);
        await using (var records = api.OpenDb())
        {
            Assert.Contains((await records.Payments.SingleAsync(p => p.ClientId == a.Id, ct)).Id.ToString(), texts["payments.json"]);
            Assert.DoesNotContain((await records.Payments.SingleAsync(p => p.ClientId == b.Id, ct)).Id.ToString(), texts["payments.json"]);
        }

        Assert.Contains("10.77.9.9", texts["sign-ins.json"]);
        Assert.DoesNotContain("10.77.10.10", string.Concat(texts.Values));
        foreach (var (name, text) in texts)
        {
            Assert.DoesNotContain("bravo", text);
            Assert.DoesNotContain(b.Id.ToString(), text);
        }

        // Seven days on it is gone: refused, then purged. (Its time is moved back: a week on, the test's session would be over too.)
        await using var db = api.OpenDb();
        var stored = await db.DataExports.SingleAsync(e => e.Id == export.Id, ct);
        Assert.Equal(stored.ReadyAt + DataExport.Lifetime, stored.ExpiresAt);
        await db.DataExports.Where(e => e.Id == export.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ExpiresAt, api.Clock.GetUtcNow().AddMinutes(-1)), ct);
        Assert.Equal(HttpStatusCode.Gone, (await a.Http.GetAsync($"/api/me/data-exports/{export.Id}/download", ct)).StatusCode);
        Assert.Empty((await a.Http.GetFromJsonAsync<DataExportResponse[]>("/api/me/data-exports", ct))!);
        Assert.Equal(1, await RetentionPeriods.DataExportsPast(db, api.Clock.GetUtcNow()).ExecuteDeleteAsync(ct));
    }

    [Fact]
    public async Task The_records_are_sealed_at_rest()
    {
        var (client, http) = await api.ClientSignedInAsync($"sealed-export-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        await http.PostAsync("/api/me/data-exports", null, ct);
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);

        await using var db = api.OpenDb();
        var stored = await db.DataExports.SingleAsync(e => e.ClientId == client.Id, ct);
        Assert.NotNull(stored.SealedRecords);
        Assert.DoesNotContain("sealed-export", Encoding.UTF8.GetString(stored.SealedRecords!));
    }
}
