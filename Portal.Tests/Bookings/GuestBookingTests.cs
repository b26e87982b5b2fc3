using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Bookings;

public sealed class GuestBookingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guest_books_the_discovery_call_and_becomes_a_client()
    {
        var response = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(9), "Sam.Guest@Example.com"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = await response.Content.ReadFromJsonAsync<BookingResponse>(ct);
        Assert.Equal(BookingResponse.HeldStatus, booking!.Status);
        Assert.Equal("Sam Example", booking.ClientName);
        Assert.Equal(Tuesday(9), booking.Start);
        Assert.Equal(Tuesday(9, 20), booking.End);

        await using var db = api.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.EmailKey == "sam.guest@example.com", ct);
        Assert.Equal("+447911123456", client.Phone);
        Assert.Equal(ClientStage.DiscoveryBooked, client.Stage);
        var stored = await db.Bookings.SingleAsync(b => b.Id == booking.Id, ct);
        Assert.Equal(BookingStatus.Confirmed, stored.Status);
        Assert.True(stored.IsDiscoveryCall);
        Assert.Equal(Tuesday(9, 30), stored.OccupiedUntil); // 20 minutes and the 10-minute buffer
    }

    [Fact]
    public async Task A_second_upcoming_discovery_call_for_the_same_email_in_any_case_is_refused_once_the_address_confirms()
    {
        var http = api.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(10), "twice@example.com"))).StatusCode);

        // The form answers as for anyone; the address is told the truth once it proves itself.
        var second = await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "TWICE@Example.COM"));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var confirm = await http.ConfirmHeldAsync((await api.LatestConfirmationAsync("twice@example.com")).Token);

        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Equal("discovery-already-booked", (await ProblemAsync(confirm)).GetProperty("code").GetString());
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.Clients.CountAsync(c => c.EmailKey == "twice@example.com", ct));
        Assert.Equal(1, await db.Bookings.CountAsync(b => b.Client.EmailKey == "twice@example.com", ct));
        Assert.False(await db.PendingBookings.AnyAsync(p => p.EmailKey == "twice@example.com", ct)); // the held time is let go
    }

    [Fact]
    public async Task A_client_whose_discovery_call_is_done_cannot_book_another_as_a_guest_unless_allowed()
    {
        var http = api.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(12), "done@example.com"))).StatusCode);
        await using (var db = api.OpenDb())
        {
            var client = await db.Clients.SingleAsync(c => c.EmailKey == "done@example.com", ct);
            client.CompleteDiscovery(ApiFactory.DefaultNow);
            await db.Bookings.Where(b => b.ClientId == client.Id)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, BookingStatus.Completed), ct);
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(14), "done@example.com"))).StatusCode);
        var again = await http.ConfirmHeldAsync((await api.LatestConfirmationAsync("done@example.com")).Token);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("discovery-already-had", (await ProblemAsync(again)).GetProperty("code").GetString());

        await using (var db = api.OpenDb())
        {
            var client = await db.Clients.SingleAsync(c => c.EmailKey == "done@example.com", ct);
            client.MayBookAnotherDiscoveryCall = true;
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(14), "done@example.com"))).StatusCode);
        var allowed = await http.ConfirmHeldAsync((await api.LatestConfirmationAsync("done@example.com")).Token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("Confirmed", (await allowed.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Status);
    }

    [Theory]
    [InlineData("online-session")]
    [InlineData("in-person-session")]
    public async Task A_guest_cannot_book_a_paid_session_and_is_told_why(string paidType)
    {
        var response = await api.CreateClient().PostBookingAsync(Guest(paidType, Tuesday(15), "eager@example.com"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("discovery-first", problem.GetProperty("code").GetString());
        Assert.Contains("discovery call", problem.GetProperty("detail").GetString());
        await using var db = api.OpenDb();
        Assert.False(await db.Clients.AnyAsync(c => c.EmailKey == "eager@example.com", ct));
    }

    [Fact]
    public async Task Bad_details_get_a_validation_problem_per_field_and_nothing_is_stored()
    {
        var body = new
        {
            sessionType = "discovery-call", start = Tuesday(16), name = " ", email = "not-an-email", phone = "12",
            timeZone = "Mars/Olympus", note = new string('x', BookingDesk.MaxNoteLength + 1),
        };

        var response = await api.CreateClient().PostBookingAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "name", "email", "phone", "timeZone", "note", "privacyConsent" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }

        await using var db = api.OpenDb();
        Assert.False(await db.Bookings.AnyAsync(b => b.StartsAt == Tuesday(16), ct));
    }

    [Fact]
    public async Task A_time_outside_the_offered_slots_is_refused_as_unavailable()
    {
        var http = api.CreateClient();

        var offGrid = await http.PostBookingAsync(Guest("discovery-call", Tuesday(9, 10), "offgrid@example.com"));
        var evening = await http.PostBookingAsync(Guest("discovery-call", Tuesday(22), "late@example.com"));
        var tooSoon = await http.PostBookingAsync(Guest("discovery-call", ApiFactory.DefaultNow.AddHours(2), "soon@example.com"));

        Assert.All([offGrid, evening, tooSoon], response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        Assert.Equal("time-taken", (await ProblemAsync(evening)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_session_type_is_a_404_problem()
    {
        var response = await api.CreateClient().PostBookingAsync(Guest("reiki", Tuesday(13), "x@example.com"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown-session-type", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_database_itself_refuses_overlapping_bookings_that_hold_time()
    {
        await using var db = api.OpenDb();
        var type = await db.SessionTypes.SingleAsync(t => t.Slug == "discovery-call", ct);
        var one = Client.Register(new ContactDetails("One", "one@example.com", "+447700900001"), "Europe/London", ApiFactory.DefaultNow);
        var two = Client.Register(new ContactDetails("Two", "two@example.com", "+447700900002"), "Europe/London", ApiFactory.DefaultNow);
        var friday = new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero);
        db.Bookings.Add(Booking.Confirmed(one, type, friday, null, ApiFactory.DefaultNow));
        await db.SaveChangesAsync(ct);

        // 10:25 starts inside the first booking's 10-minute buffer (10:20–10:30): straight into the table, no app rules.
        db.Bookings.Add(Booking.Confirmed(two, type, friday.AddMinutes(25), null, ApiFactory.DefaultNow));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        Assert.Equal(Npgsql.PostgresErrorCodes.ExclusionViolation, (error.InnerException as Npgsql.PostgresException)?.SqlState);
    }
}
