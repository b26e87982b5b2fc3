using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Bookings;

public sealed class SignedInBookingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    // Thursday 5 March 2026: three days after the factory's "now" (Monday 07:00), outside the 24-hour window.
    // The tests of this class share one database: each uses its own hours of that Thursday.
    private static DateTimeOffset Thursday(int hour, int minute = 0) => new(2026, 3, 5, hour, minute, 0, TimeSpan.Zero);

    // A day of its own: Thursday holds six sessions of the other tests, the daily cap, in whatever order they run.
    private static DateTimeOffset Friday(int hour) => new(2026, 3, 6, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Paid_sessions_are_refused_before_discovery_and_booked_once_the_therapist_marks_it_done()
    {
        var (client, http) = await api.ClientSignedInAsync("gate@example.com", discoveryCompleted: false);
        var paid = new { sessionType = "online-session", start = Thursday(9) };

        var before = await http.PostAsJsonAsync("/api/bookings", paid, ct);
        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal("discovery-first", (await ProblemAsync(before)).GetProperty("code").GetString());

        var therapist = await api.TherapistSignedInAsync();
        var marked = await therapist.PostAsync($"/api/clients/{client.Id}/discovery-completed", null, ct);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var after = await http.PostAsJsonAsync("/api/bookings", paid, ct);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var booking = await after.Content.ReadFromJsonAsync<BookingResponse>(ct);
        Assert.Equal("PendingPayment", booking!.Status);
        Assert.Equal(ApiFactory.DefaultNow + BookingDesk.PaymentHold, booking.HoldExpiresAt);
        await using var db = api.OpenDb();
        Assert.Equal(ClientStage.DiscoveryCompleted, (await db.Clients.SingleAsync(c => c.Id == client.Id, ct)).Stage);
    }

    [Fact]
    public async Task Completing_the_discovery_call_unlocks_paid_sessions()
    {
        var (client, http) = await api.ClientSignedInAsync("completed@example.com", discoveryCompleted: false);
        var call = await BookAsync(http, "discovery-call", Thursday(13));
        var therapist = await api.TherapistSignedInAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await therapist.PostAsync($"/api/bookings/{call.Id}/complete", null, ct)).StatusCode);

        api.Clock.Set(Thursday(13).AddMinutes(25));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/bookings/{call.Id}/complete", null, ct)).StatusCode);
            var paid = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = Thursday(13).AddDays(7) }, ct);
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        await using var db = api.OpenDb();
        Assert.NotNull((await db.Clients.SingleAsync(c => c.Id == client.Id, ct)).DiscoveryCompletedAt);
    }

    [Fact]
    public async Task A_guest_naming_the_email_of_a_client_past_discovery_still_cannot_book_paid_sessions()
    {
        await api.ClientSignedInAsync("impersonated@example.com", discoveryCompleted: true);

        var response = await api.CreateClient().PostBookingAsync(Guest("online-session", Thursday(10), "impersonated@example.com"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_client_cancels_outside_the_window_and_is_sent_to_the_therapist_inside_it()
    {
        var (_, http) = await api.ClientSignedInAsync("cancel@example.com", discoveryCompleted: false);
        var early = await BookAsync(http, "discovery-call", Friday(11));

        var cancelled = await http.PostAsync($"/api/bookings/{early.Id}/cancel", null, ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Status);

        var soon = await BookAsync(http, "discovery-call", Friday(12));
        api.Clock.Set(Friday(12).AddHours(-22)); // now inside the 24-hour window
        HttpResponseMessage refused;
        try
        {
            refused = await http.PostAsync($"/api/bookings/{soon.Id}/cancel", null, ct);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.Equal("inside-cancellation-window", problem.GetProperty("code").GetString());
        Assert.Contains("contact your therapist", problem.GetProperty("detail").GetString());

        var therapist = await api.TherapistSignedInAsync();
        var byTherapist = await therapist.PostAsJsonAsync($"/api/bookings/{soon.Id}/cancel", new { lateByClient = true }, ct);
        Assert.Equal(HttpStatusCode.OK, byTherapist.StatusCode);
        await using var db = api.OpenDb();
        var stored = await db.Bookings.SingleAsync(b => b.Id == soon.Id, ct);
        Assert.Equal((BookingStatus.Cancelled, CancellationKind.LateByClient), (stored.Status, stored.CancellationKind));
    }

    [Fact]
    public async Task A_client_moves_a_booking_to_a_free_time_which_frees_the_old_one()
    {
        var (_, http) = await api.ClientSignedInAsync("move@example.com", discoveryCompleted: false);
        var booking = await BookAsync(http, "discovery-call", Thursday(14));

        var moved = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(15) }, ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(Thursday(15), (await moved.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Start);
        var someoneElse = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Thursday(14), "next@example.com"));
        Assert.Equal(HttpStatusCode.Created, someoneElse.StatusCode);

        var withoutTime = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutTime.StatusCode);

        var ontoTaken = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(14) }, ct);
        Assert.Equal(HttpStatusCode.Conflict, ontoTaken.StatusCode);
        Assert.Equal("time-taken", (await ProblemAsync(ontoTaken)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Inside_the_window_only_the_therapist_can_move_a_booking()
    {
        var (_, http) = await api.ClientSignedInAsync("late-move@example.com", discoveryCompleted: false);
        var booking = await BookAsync(http, "discovery-call", Thursday(18));
        var therapist = await api.TherapistSignedInAsync();

        api.Clock.Set(Thursday(18).AddHours(-20));
        try
        {
            var byClient = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(19) }, ct);
            Assert.Equal(HttpStatusCode.Conflict, byClient.StatusCode);
            Assert.Equal("inside-cancellation-window", (await ProblemAsync(byClient)).GetProperty("code").GetString());

            var byTherapist = await therapist.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(19) }, ct);
            Assert.Equal(HttpStatusCode.OK, byTherapist.StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task A_client_cannot_see_or_change_another_clients_booking()
    {
        var (_, owner) = await api.ClientSignedInAsync("owner@example.com", discoveryCompleted: false);
        var (_, other) = await api.ClientSignedInAsync("other@example.com", discoveryCompleted: false);
        var booking = await BookAsync(owner, "discovery-call", Thursday(16));

        var cancel = await other.PostAsync($"/api/bookings/{booking.Id}/cancel", null, ct);
        var move = await other.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new { start = Thursday(12) }, ct);
        var anonymous = await api.CreateClient().PostAsync($"/api/bookings/{booking.Id}/cancel", null, ct);

        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await using var db = api.OpenDb();
        Assert.Equal(BookingStatus.Confirmed, (await db.Bookings.SingleAsync(b => b.Id == booking.Id, ct)).Status);
    }

    [Fact]
    public async Task An_expired_session_signs_nobody_in()
    {
        var client = Client.Register(new ContactDetails("Old", "old-session@example.com", "+447911123456"), "Europe/London", ApiFactory.DefaultNow);
        await using (var db = api.OpenDb())
        {
            db.Clients.Add(client);
            await db.SaveChangesAsync(ct);
        }

        var http = await api.SignedInAsync(Portal.Core.Identity.UserAccount.ForClient(client, ApiFactory.DefaultNow), TimeSpan.FromMinutes(-1));

        var response = await http.PostAsync($"/api/bookings/{Guid.NewGuid()}/cancel", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<BookingResponse> BookAsync(HttpClient http, string type, DateTimeOffset start)
    {
        var response = await http.PostAsJsonAsync("/api/bookings", new { sessionType = type, start }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
    }
}
