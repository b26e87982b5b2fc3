using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Api.Calendar;
using Portal.Core.Calendar;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Calendar;

/// <summary>Bookings pushed to her Google calendar by the outbox: once each, with a Meet link, moved and deleted with the booking.</summary>
public sealed class CalendarPushTests(GoogleApiFactory api) : IClassFixture<GoogleApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confirmed_online_booking_is_inserted_once_with_a_Meet_link_the_client_sees()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        var (booking, client) = await BookAsync("pushed", Thursday(10));
        await using var worker = api.Worker();
        var seen = api.Google.Requests.Count;

        await DrainCalendarAsync(worker);

        var e = Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));
        Assert.Equal("Pat Client: Free discovery call", e["summary"]!.GetValue<string>());
        Assert.Equal(booking.Id.ToString(), e["extendedProperties"]!["private"]![PulledEvents.BookingIdProperty]!.GetValue<string>());
        Assert.Equal("Europe/London", e["start"]!["timeZone"]!.GetValue<string>());
        Assert.Equal(booking.Start, DateTimeOffset.Parse(e["start"]!["dateTime"]!.GetValue<string>()));
        var meet = e["hangoutLink"]!.GetValue<string>();
        Assert.StartsWith("https://meet.google.com/", meet);
        var insert = Assert.Single(api.Google.Requests.Skip(seen), r => r.Method == "POST" && r.Path.EndsWith("/events"));
        Assert.Contains("sendUpdates=none", insert.Query);
        Assert.Contains("conferenceDataVersion=1", insert.Query);
        await using var db = api.OpenDb();
        Assert.Equal(meet, (await db.PushedEvents.SingleAsync(p => p.BookingId == booking.Id, ct)).MeetLink);
        var mine = await client.GetFromJsonAsync<BookingResponse[]>("/api/me/bookings", ct);
        Assert.Equal(meet, Assert.Single(mine!, b => b.Id == booking.Id).MeetLink);
        // The confirmation waited for the link (a moment), and gives it instead of the standing video room.
        api.Clock.Advance(TimeSpan.FromSeconds(10));
        await worker.DrainAsync(ct);
        var confirmation = Assert.Single(api.Resend.Sent, m => m.IdempotencyKey == $"booking:{booking.Id:N}:confirmed:client-email");
        Assert.Contains(meet, confirmation.Html);
        Assert.Contains(meet, confirmation.Text);
    }

    [Fact]
    public async Task An_insert_whose_answer_is_lost_is_retried_into_a_duplicate_and_stays_one_event()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        var (booking, _) = await BookAsync("lost-answer", Thursday(12));
        api.Google.Fail("POST", "/events", 0, "", loseAnswer: true);
        await using var worker = api.Worker();

        await DrainCalendarAsync(worker);

        var e = Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));
        await using var db = api.OpenDb();
        var message = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"booking:{booking.Id:N}:confirmed:calendar", ct);
        Assert.NotNull(message.ProcessedAt);
        Assert.Equal(2, message.Attempts);
        Assert.Equal(e["hangoutLink"]!.GetValue<string>(), (await db.PushedEvents.SingleAsync(p => p.BookingId == booking.Id, ct)).MeetLink);
    }

    [Fact]
    public async Task A_reschedule_patches_the_event_and_a_cancellation_deletes_it_and_a_second_delete_counts_as_done()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        var (booking, client) = await BookAsync("moving", Thursday(14));
        await using var worker = api.Worker();
        await DrainCalendarAsync(worker);
        var eventId = EventIds.Of(booking.Id);

        using var moved = await client.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(15, day: 6) }, ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await DrainCalendarAsync(worker);

        var e = Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == eventId);
        Assert.Equal(Thursday(15, day: 6), DateTimeOffset.Parse(e["start"]!["dateTime"]!.GetValue<string>()));
        Assert.Contains(api.Google.Requests, r => r.Method == "PATCH" && r.Path.EndsWith(eventId));

        using var cancelled = await client.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { }, ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await DrainCalendarAsync(worker);

        Assert.Equal("cancelled", Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == eventId)["status"]!.GetValue<string>());
        await using (var db = api.OpenDb())
        {
            Assert.False(await db.PushedEvents.AnyAsync(p => p.BookingId == booking.Id, ct));
            // Owed again (a retry after a lost answer): Google answers 410 deleted, which is done.
            new SideEffects(db, api.Clock).Enqueue(OutboxTypes.CalendarEvent, new Portal.Core.Bookings.CalendarSyncRequest(booking.Id), $"test:{booking.Id:N}:again");
            await db.SaveChangesAsync(ct);
        }

        await DrainCalendarAsync(worker);
        await using var after = api.OpenDb();
        var again = await after.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"test:{booking.Id:N}:again", ct);
        Assert.NotNull(again.ProcessedAt);
        Assert.Equal(1, again.Attempts);
    }

    [Fact]
    public async Task Google_down_for_a_while_gets_the_booking_once_after_it_recovers()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        var (booking, _) = await BookAsync("outage", Thursday(16));
        api.Google.Fail("POST", "/events", 503, "backendError", times: 3);
        await using var worker = api.Worker();

        await DrainCalendarAsync(worker);

        Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));
        await using var db = api.OpenDb();
        var message = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"booking:{booking.Id:N}:confirmed:calendar", ct);
        Assert.Equal(4, message.Attempts);
        Assert.NotNull(message.ProcessedAt);
    }

    [Fact]
    public async Task A_revoked_grant_breaks_the_connection_tells_her_and_keeps_the_pushes_until_she_reconnects()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        await using var worker = api.Worker();
        await DrainCalendarAsync(worker);
        api.Google.RevokeEverything();
        var (booking, _) = await BookAsync("revoked", Thursday(11, day: 12));

        await DrainCalendarAsync(worker);

        var status = await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct);
        Assert.True(status!.Broken);
        Assert.Contains("Reconnect Google Calendar", status.LastError);
        await using (var db = api.OpenDb())
        {
            Assert.Contains(await db.Notifications.Where(n => n.Audience == Audience.Therapist).Select(n => n.Title).ToListAsync(ct),
                t => t == "Reconnect Google Calendar");
            var owed = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"booking:{booking.Id:N}:confirmed:calendar", ct);
            Assert.Null(owed.ProcessedAt);
            Assert.Null(owed.DeadLetteredAt);
            Assert.Equal(0, owed.Attempts);
        }

        // A long wait changes nothing: the push is still owed, never dead.
        for (var i = 0; i < 20; i++)
        {
            api.Clock.Advance(TimeSpan.FromHours(1));
            await worker.DrainAsync(ct);
        }

        Assert.DoesNotContain(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));

        await api.ConnectAsync(therapist);
        await DrainCalendarAsync(worker);

        Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));
        Assert.False((await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct))!.Broken);
    }

    [Fact]
    public async Task A_booking_made_before_she_connected_is_pushed_when_she_connects()
    {
        var therapist = await api.TherapistSignedInAsync();
        await therapist.DeleteAsync("/api/integrations/google", ct);
        var (booking, _) = await BookAsync("earlier", Thursday(9, day: 19));
        await using var worker = api.Worker();
        await DrainCalendarAsync(worker);
        Assert.DoesNotContain(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));

        await api.ConnectAsync(therapist);
        await DrainCalendarAsync(worker);

        Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(booking.Id));
    }

    [Fact]
    public async Task Erasing_a_client_takes_their_name_off_the_sessions_kept_in_her_calendar()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        var (held, _) = await BookAsync("erased", Thursday(15, day: 26));
        await using var worker = api.Worker();
        await DrainCalendarAsync(worker);
        Assert.Equal("Pat Client: Free discovery call", EventOf(held.Id)["summary"]!.GetValue<string>());
        await using var db = api.OpenDb();
        var clientId = (await db.Bookings.SingleAsync(b => b.Id == held.Id, ct)).ClientId;

        var before = api.Clock.GetUtcNow();
        api.Clock.Set(held.Start.AddHours(1));
        try
        {
            therapist = await api.TherapistSignedInAsync(); // weeks on: a session of her own from that day
            Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/bookings/{held.Id}/complete", null, ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/clients/{clientId}/erasure", new { }, ct)).StatusCode);
            await DrainCalendarAsync(worker);
        }
        finally
        {
            api.Clock.Set(before);
        }

        var kept = EventOf(held.Id);
        Assert.Equal($"{Portal.Core.Clients.Client.PseudonymOf(clientId)}: Free discovery call", kept["summary"]!.GetValue<string>());
        Assert.Equal(held.Start, DateTimeOffset.Parse(kept["start"]!["dateTime"]!.GetValue<string>()));
    }

    private System.Text.Json.Nodes.JsonObject EventOf(Guid bookingId) =>
        Assert.Single(api.Google.Events(FakeGoogle.Account), e => e["id"]!.GetValue<string>() == EventIds.Of(bookingId));

    /// <summary>Thursday 5 March 2026 (or another day of March) at <paramref name="hour"/>:00 London (GMT).</summary>
    private static DateTimeOffset Thursday(int hour, int day = 5) => new(2026, 3, day, hour, 0, 0, TimeSpan.Zero);

    private async Task<(BookingResponse Booking, HttpClient Client)> BookAsync(string who, DateTimeOffset start)
    {
        var email = $"{who}-{Guid.NewGuid():N}@example.com";
        var (_, http) = await api.ClientSignedInAsync(email, discoveryCompleted: false);
        using var booked = await http.PostBookingAsync(Guest("discovery-call", start, email));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        return ((await booked.Content.ReadFromJsonAsync<BookingResponse>(ct))!, http);
    }

    /// <summary>Drains, moving the clock past retry delays, until no calendar push is due (those waiting on a broken connection are not).</summary>
    private async Task DrainCalendarAsync(TestWorker worker)
    {
        for (var round = 0; round < 40; round++)
        {
            await worker.DrainAsync(ct);
            await using var db = api.OpenDb();
            var soon = api.Clock.GetUtcNow() + TimeSpan.FromMinutes(5);
            if (!await db.OutboxMessages.AnyAsync(m => (m.Type == OutboxTypes.CalendarEvent || m.Type == OutboxTypes.Notification)
                                                      && m.ProcessedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= soon, ct))
            {
                return;
            }

            api.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException("Calendar pushes are still due after 40 rounds.");
    }
}
