using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Api.Clients;
using Portal.Core.Identity;
using Portal.Core.Messaging;
using Portal.Tests.Infrastructure;
using Portal.Tests.Payments;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Clients;

/// <summary>A client's page: their whole story in one list, newest first.</summary>
public sealed class ClientTimelineTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_timeline_has_every_kind_of_event_newest_first()
    {
        var therapist = await api.TherapistSignedInAsync();
        var email = $"story-{Guid.NewGuid():N}@example.com";
        var call = await (await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(10), email, name: "Tess Timeline")))
            .Content.ReadFromJsonAsync<BookingResponse>(ct);
        await using var db = api.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.Email == email, ct);

        api.Clock.Set(Tuesday(11));
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/bookings/{call!.Id}/complete", null, ct)).StatusCode);

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var scenario = new PaymentScenario(api);
        var clientHttp = await api.SignedInAsync(UserAccount.ForClient(client, api.Clock.GetUtcNow()));
        var paid = await scenario.BookPaidAsync(clientHttp, PaymentScenario.Day(0, 14));
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(scenario.Paid(paid.Id))).StatusCode);

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        db.MessageThreads.Add(MessageThread.Welcome(client.Id, "Welcome", "Hello", TestSealing.Sealer, api.Clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var note = await therapist.PostAsJsonAsync($"/api/clients/{client.Id}/notes", new { structure = "Free", bookingId = call.Id, text = "A good first call." }, ct);
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        var timeline = (await therapist.GetFromJsonAsync<TimelineResponse>($"/api/clients/{client.Id}/timeline", ct))!;

        Assert.Equal("Tess Timeline", timeline.Client.Name);
        Assert.Equal(
            ["Session", "Note", "Message", "Payment", "StageChange", "Session", "Consent", "StageChange", "Joined"],
            timeline.Entries.Select(e => e.Kind));
        Assert.Equal(timeline.Entries.OrderByDescending(e => e.At).Select(e => e.At), timeline.Entries.Select(e => e.At));
        Assert.Equal(paid.Id, timeline.Entries[0].Session!.Id);
        Assert.Equal("A good first call.", timeline.Entries[1].Note!.Text);
        Assert.Equal(("Welcome", true), (timeline.Entries[2].Message!.ThreadSubject, timeline.Entries[2].Message!.FromTherapist));
        Assert.Equal(("Paid", paid.Id), (timeline.Entries[3].Payment!.Status, timeline.Entries[3].Payment!.BookingId));
        Assert.Equal(("DiscoveryBooked", "DiscoveryCompleted"), (timeline.Entries[4].StageChange!.From, timeline.Entries[4].StageChange!.To));
        Assert.Equal(("Completed", call.Id), (timeline.Entries[5].Session!.Status, timeline.Entries[5].Session!.Id));
        Assert.Equal("PrivacyNotice", timeline.Entries[6].Consent!.Kind);
        Assert.Equal(("Prospect", "DiscoveryBooked"), (timeline.Entries[7].StageChange!.From, timeline.Entries[7].StageChange!.To));
    }

    [Fact]
    public async Task A_clients_sessions_are_theirs_alone_without_cancelled_ones_and_reading_them_is_not_a_clinical_read()
    {
        var therapist = await api.TherapistSignedInAsync();
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        var call = await (await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(9).AddDays(21), email, name: "Sam Sessions")))
            .Content.ReadFromJsonAsync<BookingResponse>(ct);
        var other = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(11).AddDays(21), $"other-{Guid.NewGuid():N}@example.com"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await using var db = api.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.Email == email, ct);

        var sessions = (await therapist.GetFromJsonAsync<BookingResponse[]>($"/api/clients/{client.Id}/sessions", ct))!;
        Assert.Equal([(call!.Id, "Confirmed")], sessions.Select(s => (s.Id, s.Status)));
        Assert.Null(sessions[0].ClientNote); // booked with "First time trying therapy."

        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/bookings/{call.Id}/cancel", new { }, ct)).StatusCode);
        Assert.Empty((await therapist.GetFromJsonAsync<BookingResponse[]>($"/api/clients/{client.Id}/sessions", ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await therapist.GetAsync($"/api/clients/{Guid.NewGuid()}/sessions", ct)).StatusCode);
        Assert.False(await db.ClinicalReads.AnyAsync(r => r.ClientId == client.Id, ct));
    }

    [Fact]
    public async Task She_finds_clients_by_name_email_or_phone_and_by_stage_a_page_at_a_time()
    {
        var therapist = await api.TherapistSignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            var booked = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(9).AddDays(14 + i), $"finder{i}-{tag}@example.com",
                phone: $"07911 1234{i}{i}", name: $"Fiona Finder{tag} {i}"));
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        async Task<ClientPageResponse> Find(string query) => (await therapist.GetFromJsonAsync<ClientPageResponse>($"/api/clients?{query}", ct))!;

        var byName = await Find($"search=finder{tag}&pageSize=2");
        Assert.Equal((3, 2), (byName.Total, byName.Clients.Length));
        Assert.Equal([$"Fiona Finder{tag} 0", $"Fiona Finder{tag} 1"], byName.Clients.Select(c => c.Name));
        Assert.Equal([$"Fiona Finder{tag} 2"], (await Find($"search=finder{tag}&pageSize=2&page=2")).Clients.Select(c => c.Name));
        Assert.Equal($"finder1-{tag}@example.com", Assert.Single((await Find($"search=FINDER1-{tag}")).Clients).Email);
        Assert.Contains((await Find("search=07911%20123422")).Clients, c => c.Name == $"Fiona Finder{tag} 2");
        var listed = Assert.Single((await Find($"search=finder0-{tag}&stage=DiscoveryBooked")).Clients);
        Assert.Equal(Tuesday(9).AddDays(14), listed.NextSession);
        Assert.Empty((await Find($"search=finder0-{tag}&stage=Active")).Clients);
        Assert.DoesNotContain((await Find("search=%25_%25")).Clients, c => !c.Name.Contains('%') && !c.Name.Contains('_'));

        var refused = await therapist.GetAsync("/api/clients?stage=Sleeping&page=0", ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await ProblemAsync(refused)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("stage", out _) && errors.TryGetProperty("page", out _));
    }

    [Fact]
    public async Task She_sets_a_client_inactive_and_back_and_allows_another_discovery_call()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (client, _) = await api.ClientSignedInAsync($"pause-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var inactive = await (await therapist.PostAsync($"/api/clients/{client.Id}/inactive", null, ct)).Content.ReadFromJsonAsync<ClientResponse>(ct);
        Assert.Equal("Inactive", inactive!.Stage);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var back = await (await therapist.PostAsync($"/api/clients/{client.Id}/active", null, ct)).Content.ReadFromJsonAsync<ClientResponse>(ct);
        Assert.Equal("Active", back!.Stage);
        var again = await (await therapist.PostAsync($"/api/clients/{client.Id}/another-discovery-call", null, ct)).Content.ReadFromJsonAsync<ClientResponse>(ct);
        Assert.True(again!.MayBookAnotherDiscoveryCall);

        var timeline = (await therapist.GetFromJsonAsync<TimelineResponse>($"/api/clients/{client.Id}/timeline", ct))!;
        Assert.Equal([("Prospect", "DiscoveryCompleted"), ("DiscoveryCompleted", "Inactive"), ("Inactive", "Active")],
            timeline.Entries.Where(e => e.StageChange is not null).Select(e => (e.StageChange!.From, e.StageChange!.To)).Reverse());
    }
}
