using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Tests.Fakes;
using Portal.Tests.Identity;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Crm;

/// <summary>The Api with Twenty configured, over a fake Twenty the test's Worker syncs to.</summary>
public sealed class TwentyApiFactory(TestServers servers) : ApiFactory(servers), IAsyncLifetime
{
    public FakeTwenty Twenty { get; private set; } = null!;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        Twenty = await FakeTwenty.StartAsync();
        await InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Twenty.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(DefaultSettings)
    {
        ["Twenty:BaseUrl"] = Twenty.BaseUrl.ToString(),
        ["Twenty:ApiKey"] = FakeTwenty.ApiKey,
    };

    public TestWorker Worker() => TestWorker.Create(DatabaseConnectionString, new Dictionary<string, string?>
    {
        ["Twenty:BaseUrl"] = Twenty.BaseUrl.ToString(),
        ["Twenty:ApiKey"] = FakeTwenty.ApiKey,
        ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"portal-crm-mail-{Guid.NewGuid():N}"),
    }, Clock);
}

/// <summary>Twenty kept in step: one person per client across retries, stage updates, a note per booking change, outages survived.</summary>
public sealed class CrmSyncTests(TwentyApiFactory api) : IClassFixture<TwentyApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private List<System.Text.Json.Nodes.JsonObject> PeopleWith(string email) =>
        [.. api.Twenty.People.Where(p => p["emails"]?["primaryEmail"]?.GetValue<string>() == email)];

    /// <summary>The notes attached to this client's person (the fake Twenty is shared by the class's tests).</summary>
    private List<System.Text.Json.Nodes.JsonObject> NotesOf(string email)
    {
        var personId = Assert.Single(PeopleWith(email))["id"]!.GetValue<string>();
        var noteIds = api.Twenty.NoteTargets.Where(t => t["personId"]!.GetValue<string>() == personId)
            .Select(t => t["noteId"]!.GetValue<string>()).ToHashSet();
        return [.. api.Twenty.Notes.Where(n => noteIds.Contains(n["id"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task A_first_booking_makes_one_person_with_a_note_and_a_cancellation_adds_a_note_to_the_same_person()
    {
        var email = "crm-first@example.com";
        var booked = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(10), email, name: "Robin Quill"));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        var person = Assert.Single(PeopleWith(email));
        Assert.Equal("Robin", person["name"]!["firstName"]!.GetValue<string>());
        Assert.Equal("Quill", person["name"]!["lastName"]!.GetValue<string>());
        Assert.Equal("DiscoveryBooked", person["portalStage"]!.GetValue<string>());
        var note = Assert.Single(NotesOf(email));
        Assert.Contains("confirmed", note["title"]!.GetValue<string>());
        // Type, time and status: nothing the client wrote.
        Assert.DoesNotContain("First time trying therapy", note.ToJsonString());

        var (_, client) = await SignInAsAsync(email);
        var bookingId = (await booked.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/bookings/{bookingId}/cancel", new { }, ct)).StatusCode);
        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        Assert.Single(PeopleWith(email));
        Assert.Contains(NotesOf(email), n => n["title"]!.GetValue<string>().Contains("cancelled"));
    }

    [Fact]
    public async Task A_move_and_then_a_missed_session_each_add_a_note_to_the_person()
    {
        var email = $"crm-move-{Guid.NewGuid():N}@example.com";
        var booked = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(13), email, name: "Mo Ver"));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var bookingId = (await booked.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Id;
        var therapist = await api.TherapistSignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/bookings/{bookingId}/reschedule", new { start = Tuesday(15) }, ct)).StatusCode);
        var before = api.Clock.GetUtcNow();
        api.Clock.Set(Tuesday(16));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/bookings/{bookingId}/no-show", null, ct)).StatusCode);
            await using var worker = api.Worker(); // while it is that afternoon: the no-show's note is due from then
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }
        finally
        {
            api.Clock.Set(before);
        }

        var titles = NotesOf(email).Select(n => n["title"]!.GetValue<string>()).ToList();
        Assert.Contains(titles, t => t.Contains("confirmed: Tue 3 Mar 2026, 13:00", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("moved: Tue 3 Mar 2026, 15:00", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("missed: Tue 3 Mar 2026, 15:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_who_changes_address_keeps_one_person_under_the_new_address()
    {
        var oldAddress = $"crm-moving-{Guid.NewGuid():N}@example.com";
        var newAddress = $"crm-moved-{Guid.NewGuid():N}@example.org";
        await PersonWhoChangesAddressAsync(oldAddress, newAddress);
        var before = Assert.Single(PeopleWith(oldAddress))["id"]!.GetValue<string>();
        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        Assert.Empty(PeopleWith(oldAddress));
        Assert.Equal(before, Assert.Single(PeopleWith(newAddress))["id"]!.GetValue<string>());
        // The message no longer holds the old address once Twenty has it.
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == "crm-person").Select(m => m.Payload).ToListAsync(ct);
        Assert.DoesNotContain(payloads, p => p.Contains(oldAddress, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Erasing_a_client_whose_address_change_Twenty_has_not_heard_of_yet_deletes_the_person_under_the_old_address()
    {
        var oldAddress = $"crm-gone-{Guid.NewGuid():N}@example.com";
        var newAddress = $"crm-gone-{Guid.NewGuid():N}@example.org";
        var (pat, therapist) = await PersonWhoChangesAddressAsync(oldAddress, newAddress);
        // Erased before the Worker moved the person to the new address.
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/clients/{pat.Id}/erasure", new { }, ct)).StatusCode);
        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        Assert.Empty(PeopleWith(oldAddress));
        Assert.Empty(PeopleWith(newAddress));
    }

    [Fact]
    public async Task A_stage_change_updates_the_person_and_retries_never_make_a_second_one()
    {
        var email = "crm-stage@example.com";
        var (pat, _) = await api.ClientSignedInAsync(email, discoveryCompleted: true);
        var therapist = await api.TherapistSignedInAsync();

        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/clients/{pat.Id}/inactive", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/clients/{pat.Id}/active", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/clients/{pat.Id}/inactive", null, ct)).StatusCode);
        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        var person = Assert.Single(PeopleWith(email));
        Assert.Equal("Inactive", person["portalStage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_being_down_delays_the_update_and_then_it_is_delivered()
    {
        var email = "crm-outage@example.com";
        api.Twenty.Down = true;
        Assert.Equal(HttpStatusCode.Created, (await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(14), email))).StatusCode);

        await using var worker = api.Worker();
        await worker.DrainAsync(ct);
        await worker.DrainAsync(ct);
        Assert.Empty(PeopleWith(email));

        api.Twenty.Down = false;
        api.Clock.Advance(TimeSpan.FromMinutes(5)); // past the retry's backoff, on the Worker's clock
        await SyncedAsync(worker, TimeSpan.FromSeconds(60));
        Assert.Single(PeopleWith(email));
        Assert.Contains(NotesOf(email), n => n["title"]!.GetValue<string>().Contains("confirmed"));
    }

    /// <summary>
    /// A client whose person Twenty has (made by a stage change, the Worker run), who then changes address by the link
    /// sent to the new one; the Worker has not run since.
    /// </summary>
    private async Task<(Portal.Core.Clients.Client Client, HttpClient Therapist)> PersonWhoChangesAddressAsync(string oldAddress, string newAddress)
    {
        var (client, http) = await api.ClientSignedInAsync(oldAddress, discoveryCompleted: true);
        var therapist = await api.TherapistSignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/clients/{client.Id}/inactive", null, ct)).StatusCode);
        await using (var worker = api.Worker())
        {
            await SyncedAsync(worker, TimeSpan.FromSeconds(30));
        }

        Assert.Single(PeopleWith(oldAddress));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/me/email-change", new { email = newAddress }, ct)).StatusCode);
        var token = await api.LatestEmailChangeTokenAsync(newAddress);
        Assert.Equal(HttpStatusCode.NoContent, (await api.CreateClient().PostAsJsonAsync("/api/email-change/confirm", new { token }, ct)).StatusCode);
        return (client, therapist);
    }

    /// <summary>Drains until no CRM message is owed (a booking's other messages, like its reminder, wait for their own time).</summary>
    private async Task SyncedAsync(TestWorker worker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await worker.DrainAsync(ct);
            await using var db = api.OpenDb();
            var owed = db.OutboxMessages.Where(m => m.Type.StartsWith("crm-") && m.ProcessedAt == null).Select(m => m.Type + ": " + m.LastError).ToList();
            if (owed.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "CRM messages still owed: " + string.Join("; ", owed));
            await Task.Delay(50, ct);
        }
    }

    private async Task<(Portal.Core.Clients.Client Client, HttpClient Http)> SignInAsAsync(string email)
    {
        await using var db = api.OpenDb();
        var client = db.Clients.Single(c => c.EmailKey == email);
        return (client, await api.SignedInAsync(Portal.Core.Identity.UserAccount.ForClient(client, api.Clock.GetUtcNow())));
    }
}
