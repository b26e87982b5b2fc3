extern alias Worker;

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Api.Erasure;
using Portal.Core.Audit;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Erasure;
using Portal.Core.Identity;
using Portal.Core.Privacy;
using Portal.Tests.Infrastructure;
using Portal.Tests.Payments;
using Worker::Portal.Worker.Privacy;

namespace Portal.Tests.Erasure;

/// <summary>
/// Closing an account: afterwards no table holds the client's email, name or phone, no row points at them outside the
/// records kept by law, and those go when the retention period passes. Refunds, Twenty and the newsletter follow.
/// </summary>
public sealed partial class ErasureTests(ErasureApiFactory api) : IClassFixture<ErasureApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly PaymentScenario payments = new(api);

    private sealed record Person(Client Client, string Email, string Name, string Phone, HttpClient Http)
    {
        public string[] Details => [Email, Name, Phone];
    }

    /// <summary>A client past discovery whose name, mixed-case address and phone are theirs alone, signed in.</summary>
    private async Task<Person> PersonAsync()
    {
        var mark = Guid.NewGuid().ToString("N")[..10];
        var (email, name, phone) = ($"Erase.Me-{mark}@Example.com", $"Ottoline Q{mark}", $"+447700{Random.Shared.Next(100000, 999999)}");
        var client = Client.Register(new ContactDetails(name, email, phone), "Europe/London", api.Clock.GetUtcNow());
        client.CompleteDiscovery(api.Clock.GetUtcNow());
        await using (var db = api.OpenDb())
        {
            db.Clients.Add(client);
            db.ClientConsents.Add(ClientConsent.ToPrivacyNotice(client.Id, PrivacyNotice.CurrentVersion, api.Clock.GetUtcNow(), "booking form"));
            await db.SaveChangesAsync(ct);
        }

        return new Person(client, email, name, phone, await api.SignedInAsync(UserAccount.ForClient(client, api.Clock.GetUtcNow()), TimeSpan.FromDays(30)));
    }

    /// <summary>A paid session, confirmed by Stripe's webhook.</summary>
    private async Task<Guid> PaidSessionAsync(Person person, DateTimeOffset start)
    {
        var booking = await payments.BookPaidAsync(person.Http, start);
        Assert.Equal(HttpStatusCode.OK, (await payments.DeliverAsync(payments.Paid(booking.Id))).StatusCode);
        return booking.Id;
    }

    /// <summary>A session held in the past (the clock moves past it and back), with a signed note.</summary>
    private async Task HeldSessionWithNoteAsync(Person person, DateTimeOffset start)
    {
        var now = api.Clock.GetUtcNow();
        var booking = await PaidSessionAsync(person, start);
        api.Clock.Set(start.AddHours(2));
        var therapist = await api.TherapistSignedInAsync(); // signed in then: a session from a week before has run out
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/bookings/{booking}/complete", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync($"/api/clients/{person.Client.Id}/notes",
            new { structure = "Free", bookingId = booking, text = $"Session with {person.Name}" }, ct)).StatusCode);
        api.Clock.Set(now);
    }

    /// <summary>Messages, newsletter, a sign-in link: a row of theirs in most tables, and the Worker has sent what was owed.</summary>
    private async Task EverythingElseAsync(Person person, HttpClient therapist)
    {
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync("/api/messages/threads",
            new { clientId = person.Client.Id, subject = "Hello", body = "A first word" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Http.PutAsJsonAsync("/api/me/newsletter", new { subscribed = true }, ct)).StatusCode);
        await api.CreateClient().PostAsJsonAsync("/api/auth/magic-link", new { email = person.Email }, ct);
        await person.Http.PostAsync("/api/me/data-exports", null, ct);
        await using var worker = api.Worker();
        await SettledAsync(worker);
        Assert.Single(PeopleWith(person.Email));
    }

    private List<System.Text.Json.Nodes.JsonObject> PeopleWith(string email) =>
        [.. api.Twenty.People.Where(p => string.Equals(p["emails"]?["primaryEmail"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase))];

    [Fact]
    public async Task Closing_an_account_by_its_link_leaves_no_trace_of_the_client_outside_the_kept_records()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        var therapist = await api.TherapistSignedInAsync();
        var person = await PersonAsync();
        await HeldSessionWithNoteAsync(person, PaymentScenario.Day(0, 14));
        var upcoming = await PaidSessionAsync(person, PaymentScenario.Day(4, 14));
        await EverythingElseAsync(person, therapist);

        var preview = await person.Http.GetFromJsonAsync<ErasurePreviewResponse>("/api/me/closure", ct);
        var session = Assert.Single(preview!.Sessions);
        Assert.Equal((upcoming, true, false, true), (session.BookingId, session.Paid, session.InsideWindow, session.Refunded));
        Assert.True(preview.KeepsRecords);

        Assert.Equal(HttpStatusCode.Accepted, (await person.Http.PostAsync("/api/me/closure", null, ct)).StatusCode);
        await using var worker = api.Worker();
        await worker.DrainAsync(ct);
        var email = Assert.Single(api.Resend.Sent, e => e.To.Single().Contains(person.Email) && e.Subject.StartsWith("Confirm closing"));
        var token = Uri.UnescapeDataString(TokenInLink().Match(email.Text!).Groups[1].Value);
        var anonymous = api.CreateClient();
        Assert.Equal(person.Name, (await (await anonymous.PostAsJsonAsync("/api/closure/preview", new { token }, ct))
            .Content.ReadFromJsonAsync<ErasurePreviewResponse>(ct))!.Name);

        var confirmed = await anonymous.PostAsJsonAsync("/api/closure/confirm", new { token }, ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var outcome = (await confirmed.Content.ReadFromJsonAsync<ErasureOutcomeResponse>(ct))!;
        Assert.Equal((1, 1, ApiFactory.DefaultNow.AddYears(7)), (outcome.SessionsCancelled, outcome.RefundsRequested, outcome.RecordsKeptUntil));
        // The link is spent, and the account's sessions ended with it.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/closure/confirm", new { token }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Http.GetAsync("/api/me/profile", ct)).StatusCode);

        await SettledAsync(worker);
        var payment = await payments.PaymentAsync(upcoming);
        Assert.Single(api.Stripe!.Refunds, r => r["payment_intent"]!.GetValue<string>() == payment.PaymentIntentId);
        Assert.Empty(PeopleWith(person.Email));

        await NothingNamesThemAsync(person);
        await NoRowsOutsideTheKeptRecordsAsync(person.Client.Id, expectKept: true);

        // Asking for a sign-in link now is answered as for any stranger: no link, no account.
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/magic-link", new { email = person.Email }, ct)).StatusCode);
        await using var db = api.OpenDb();
        var key = ContactDetails.EmailKeyOf(person.Email);
        Assert.False(await db.MagicLinks.AnyAsync(l => l.EmailKey == key, ct));
        Assert.False(await db.UserAccounts.AnyAsync(u => u.EmailKey == key || u.ClientId == person.Client.Id, ct));
        Assert.False(await db.NewsletterSubscribers.AnyAsync(s => s.EmailKey == key, ct));
    }

    [Fact]
    public async Task The_kept_records_go_when_the_retention_period_has_passed()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        var therapist = await api.TherapistSignedInAsync();
        var person = await PersonAsync();
        await HeldSessionWithNoteAsync(person, PaymentScenario.Day(1, 14));
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/clients/{person.Client.Id}/erasure", new { }, ct)).StatusCode);
        await NoRowsOutsideTheKeptRecordsAsync(person.Client.Id, expectKept: true);

        var keptUntil = ApiFactory.DefaultNow.AddYears(new ClinicalRetention().ClinicalRetentionYears);
        Assert.Equal(0, (await PurgeAtAsync(keptUntil.AddDays(-1))).ErasedClients);
        Assert.Contains("session_notes", (await PersonalDataScan.RowsOfClientAsync(api.DatabaseConnectionString, person.Client.Id, ct)).Keys);

        // Other tests of the class may have erased clients at the same moment: theirs go in the same pass.
        Assert.InRange((await PurgeAtAsync(keptUntil.AddMinutes(1))).ErasedClients, 1, int.MaxValue);
        var left = await PersonalDataScan.RowsOfClientAsync(api.DatabaseConnectionString, person.Client.Id, ct);
        Assert.All(left.Keys, table => Assert.Contains(table, ClientRecords.ById.Where(t => t.Fate == AtErasure.AuditKept).Select(t => t.Table)));
        Assert.Contains("client_erasures", left.Keys);
    }

    [Fact]
    public async Task The_therapist_erases_a_client_refunding_a_late_session_only_when_she_says_and_it_is_audited()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        var therapist = await api.TherapistSignedInAsync();
        var person = await PersonAsync();
        var late = await PaidSessionAsync(person, PaymentScenario.Day(3, 14));
        api.Clock.Set(PaymentScenario.Day(3, 14).AddHours(-3));
        therapist = await api.TherapistSignedInAsync();

        var plain = await therapist.GetFromJsonAsync<ErasurePreviewResponse>($"/api/clients/{person.Client.Id}/erasure", ct);
        Assert.Equal((late, true, false), (plain!.Sessions.Single().BookingId, plain.Sessions.Single().InsideWindow, plain.Sessions.Single().Refunded));
        var generous = await therapist.GetFromJsonAsync<ErasurePreviewResponse>(
            $"/api/clients/{person.Client.Id}/erasure?refundLateCancellations=true", ct);
        Assert.True(generous!.Sessions.Single().Refunded);

        var erased = await therapist.PostAsJsonAsync($"/api/clients/{person.Client.Id}/erasure", new { refundLateCancellations = true }, ct);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(1, (await erased.Content.ReadFromJsonAsync<ErasureOutcomeResponse>(ct))!.RefundsRequested);
        Assert.Equal(HttpStatusCode.NotFound, (await therapist.PostAsJsonAsync($"/api/clients/{person.Client.Id}/erasure", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Http.GetAsync("/api/me/profile", ct)).StatusCode);

        var audit = await therapist.GetFromJsonAsync<AuditEntry[]>($"/api/audit?clientId={person.Client.Id}", ct);
        var line = Assert.Single(audit!, e => e.Kind == "Erased client");
        Assert.Equal(Client.PseudonymOf(person.Client.Id), line.ClientName);
        Assert.StartsWith("therapist-", line.Who);
        await using var worker = api.Worker();
        await SettledAsync(worker);
        await NothingNamesThemAsync(person);
    }

    [Fact]
    public async Task Every_table_that_points_at_clients_is_in_the_one_list_of_client_records()
    {
        var listed = ClientRecords.ById.Select(t => (t.Table, t.ClientColumn)).ToHashSet();
        var keys = await PersonalDataScan.ForeignKeysToClientsAsync(api.DatabaseConnectionString, ct);
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains(key, listed));
    }

    /// <summary>
    /// No orphans: every row that names the client (through a foreign key to clients, or a client_id column without
    /// one) is in a table whose rows are kept by law or in the audit; and the pseudonymous row is there when they are.
    /// </summary>
    private async Task NoRowsOutsideTheKeptRecordsAsync(Guid clientId, bool expectKept)
    {
        var rows = await PersonalDataScan.RowsOfClientAsync(api.DatabaseConnectionString, clientId, ct);
        Assert.All(rows.Keys, table => Assert.Contains(table, PersonalDataScan.MayStay));
        Assert.Equal(expectKept, rows.ContainsKey("clients"));
        await using var db = api.OpenDb();
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, ct);
        Assert.Equal(("", "", Client.PseudonymOf(clientId)), (client.Email, client.Phone, client.Name));
    }

    private async Task NothingNamesThemAsync(Person person)
    {
        var found = await PersonalDataScan.FindAsync(api.DatabaseConnectionString, person.Details, ct);
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>Drains until nothing is owed; says what is still owed when it times out.</summary>
    private async Task SettledAsync(TestWorker worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await worker.DrainAsync(ct);
            await using var db = api.OpenDb();
            var owed = await db.OutboxMessages.Where(m => m.ProcessedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= api.Clock.GetUtcNow())
                .Select(m => m.Type + " " + m.DeduplicationKey + ": " + m.LastError).ToListAsync(ct);
            if (owed.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Still owed: " + string.Join("; ", owed));
            await Task.Delay(50, ct);
        }
    }

    private async Task<RetentionPurged> PurgeAtAsync(DateTimeOffset now)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration[$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = api.AppConnectionString;
        builder.Services.AddSingleton<TimeProvider>(new TestClock(now));
        builder.AddPortalDb();
        builder.AddRetentionPurge();
        await using var services = builder.Services.BuildServiceProvider();
        return (await services.GetRequiredService<RetentionPurge>().PurgeAsync(ct))!;
    }

    [GeneratedRegex(@"me/close/confirm\?token=([^\s\]\)""]+)")]
    private static partial Regex TokenInLink();
}
