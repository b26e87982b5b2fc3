using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Bookings;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Outbox;

/// <summary>
/// A provider at work holds no transaction: a slow send delays nobody's booking, a frozen Worker's message is taken
/// over when its lease runs out, and the provider still sees each message once per key.
/// </summary>
public sealed class OutboxLeaseTests(OutboxLeaseTests.Factory api, TestServers servers) : IClassFixture<OutboxLeaseTests.Factory>, IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    /// <summary>Its own Api and database: these tests move the clock a day at a time.</summary>
    public sealed class Factory(TestServers servers) : ApiFactory(servers);

    public async ValueTask InitializeAsync()
    {
        resend = await FakeResend.StartAsync();
        api.Clock.Set(ApiFactory.DefaultNow);
    }

    public async ValueTask DisposeAsync()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await resend.DisposeAsync();
    }

    [Fact]
    public async Task A_provider_taking_30_seconds_over_a_reminder_delays_neither_cancelling_that_booking_nor_booking_that_day()
    {
        var booking = await BookAsync(new DateTimeOffset(2026, 3, 4, 11, 0, 0, TimeSpan.Zero), "slow-reminder@example.com");
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct); // the confirmations go at once

        resend.Delay = TimeSpan.FromSeconds(30);
        api.Clock.Set(booking.Start.AddHours(-23)); // its reminder is due
        var requestsBefore = resend.Requests;
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = worker.DrainAsync(stopSending.Token);
        await Eventually.TrueAsync(() => resend.Requests > requestsBefore, TimeSpan.FromSeconds(10), "the reminder was never sent to the provider");

        var therapist = await api.TherapistSignedInAsync();
        var clock = Stopwatch.StartNew();
        var cancelled = await therapist.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { lateByClient = false }, ct);
        var cancelTook = clock.Elapsed;
        clock.Restart();
        var sameDay = await api.CreateClient().PostBookingAsync(
            Guest("discovery-call", new DateTimeOffset(2026, 3, 4, 14, 0, 0, TimeSpan.Zero), "same-day@example.com"));
        var bookingTook = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Created, sameDay.StatusCode);
        Assert.True(cancelTook < TimeSpan.FromSeconds(5), $"cancelling waited {cancelTook} for the provider");
        Assert.True(bookingTook < TimeSpan.FromSeconds(5), $"booking that day waited {bookingTook} for the provider");
        Assert.False(sending.IsCompleted, "the provider was meant to still be at work");
        await stopSending.CancelAsync();
        await sending;
    }

    [Fact]
    public async Task A_reminder_of_a_booking_cancelled_while_queued_is_never_sent()
    {
        var booking = await BookAsync(new DateTimeOffset(2026, 3, 5, 11, 0, 0, TimeSpan.Zero), "cancelled-queued@example.com");
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);
        api.Clock.Set(booking.Start.AddHours(-23)); // its reminder is due, and waiting

        var therapist = await api.TherapistSignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { lateByClient = false }, ct)).StatusCode);
        await worker.DrainAsync(ct);

        Assert.DoesNotContain(resend.Sent, e => e.IdempotencyKey!.StartsWith($"booking:{booking.Id:N}:reminder:", StringComparison.Ordinal));
        Assert.Contains(resend.Sent, e => e.IdempotencyKey == $"booking:{booking.Id:N}:cancelled:client-email");
    }

    [Fact]
    public async Task A_frozen_Workers_message_is_taken_over_when_its_lease_runs_out_and_the_provider_sees_its_key_once()
    {
        var database = await TestServersDatabaseAsync();
        var key = Assert.Single(await OutboxSeeding.AddEmailsAsync(database, 1));
        var clock = new TestClock(DateTimeOffset.UtcNow.AddSeconds(1));
        var settings = new Dictionary<string, string?> { ["Outbox:Lease"] = "00:02:00", ["Outbox:HandlerTimeout"] = "00:01:00" };
        await using var frozen = TestWorker.WithResend(database, resend, clock, settings);
        await using var successor = TestWorker.WithResend(database, resend, clock, settings);

        resend.HoldNext(1); // the first Worker's request hangs, as if its process had stopped mid-send
        var stuck = frozen.DrainAsync(ct);
        await Eventually.TrueAsync(() => resend.Requests == 1, TimeSpan.FromSeconds(10), "the first Worker never reached the provider");

        await successor.DrainAsync(ct);
        Assert.Empty(resend.Sent); // its lease still holds: nobody else takes the message

        clock.Set(clock.GetUtcNow().AddMinutes(3)); // the lease runs out
        await successor.DrainAsync(ct);
        resend.Release(); // the first Worker wakes up and finishes its request
        await stuck;

        var sent = Assert.Single(resend.Sent);
        Assert.Equal(key, sent.IdempotencyKey);
        Assert.Equal(1, resend.Replays); // the thawed request came back with the same key: the provider answered it from memory
        var message = Assert.Single(await OutboxSeeding.AllAsync(database));
        Assert.NotNull(message.ProcessedAt);
        Assert.Equal(1, message.Attempts); // recorded once, by the Worker holding the lease
        Assert.Null(message.LeaseId);
    }

    [Fact]
    public async Task A_message_whose_content_cannot_be_read_is_dead_lettered_at_once()
    {
        var database = await TestServersDatabaseAsync();
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            db.OutboxMessages.Add(Portal.Core.Outbox.OutboxMessage.Create(
                Portal.Core.Outbox.OutboxTypes.Email, """{"$type": "no-such-email", "to": 1}""", "unreadable", DateTimeOffset.UtcNow, null, null));
            await db.SaveChangesAsync(ct);
        }

        await using var worker = TestWorker.WithResend(database, resend);
        await worker.DrainAsync(ct);

        var message = Assert.Single(await OutboxSeeding.AllAsync(database));
        Assert.NotNull(message.DeadLetteredAt);
        Assert.Equal(1, message.Attempts);
        Assert.Contains("cannot be read", message.LastError);
        Assert.Equal(0, resend.Requests);
    }

    [Fact]
    public async Task A_sign_in_link_goes_out_while_the_default_lane_is_stuck_on_a_slow_provider()
    {
        var database = await TestServersDatabaseAsync();
        await OutboxSeeding.AddEmailsAsync(database, 4);
        await using var worker = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?> { ["Outbox:Concurrency"] = "4" });
        resend.HoldNext(4); // every dispatcher of the default lane is stuck with the provider
        await worker.StartAsync();
        await Eventually.TrueAsync(() => resend.Requests == 4, TimeSpan.FromSeconds(10), "the default lane never reached the provider");

        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            var sideEffects = new Portal.Core.Outbox.SideEffects(db, TimeProvider.System);
            sideEffects.Email(new Portal.Core.Notifications.MagicLinkEmail(
                "waiting@example.com", "Sam", "Europe/London",
                worker.Services.GetRequiredService<Portal.Core.Identity.LinkProtector>().Protect("a-token"),
                DateTimeOffset.UtcNow.AddMinutes(15)), "sign-in:waiting");
            await db.SaveChangesAsync(ct);
        }

        await Eventually.TrueAsync(() => resend.Requests == 5, TimeSpan.FromSeconds(10), "the sign-in link waited behind the stuck lane");
        await using var check = TestDatabases.OpenPortalDb(database);
        Assert.Equal("sign-in", (await check.OutboxMessages.SingleAsync(m => m.DeduplicationKey == "sign-in:waiting", ct)).Lane);
        resend.Release();
    }

    private Task<string> TestServersDatabaseAsync() => servers.Databases.CreateMigratedAsync(ct);

    private async Task<BookingResponse> BookAsync(DateTimeOffset start, string email)
    {
        var response = await api.CreateClient().PostBookingAsync(Guest("discovery-call", start, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
    }
}
