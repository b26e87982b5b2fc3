using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Outbox;

/// <summary>A booking's change and what it owes the world are one transaction: both or neither.</summary>
public sealed class SideEffectWritingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confirmed_booking_commits_with_its_emails_notifications_calendar_welcome_and_reminder()
    {
        var booking = await BookAsync(Tuesday(9), "five@example.com");

        await using var db = api.OpenDb();
        var messages = await MessagesAboutAsync(db, booking.Id);
        var prefix = $"booking:{booking.Id:N}:";
        Assert.Equal(
            [
                $"{prefix}confirmed:calendar", $"{prefix}confirmed:client-email", $"{prefix}confirmed:client-notice",
                $"{prefix}confirmed:therapist-email", $"{prefix}confirmed:therapist-notice", $"{prefix}confirmed:welcome-thread",
                $"{prefix}reminder:{Tuesday(9).UtcTicks}",
            ],
            messages.Select(m => m.DeduplicationKey).Order(StringComparer.Ordinal));
        var reminder = messages.Single(m => m.DeduplicationKey.Contains(":reminder:"));
        Assert.Equal(Tuesday(9).AddHours(-24), reminder.NextAttemptAt);
        Assert.All(messages.Where(m => m != reminder), m => Assert.Equal(ApiFactory.DefaultNow, m.NextAttemptAt));

        var client = await db.Clients.SingleAsync(c => c.EmailKey == "five@example.com", ct);
        var welcome = messages.Single(m => m.Type == OutboxTypes.WelcomeThread);
        Assert.Contains(client.Id.ToString(), welcome.Payload);

        var email = ReadEmail(messages.Single(m => m.DeduplicationKey.EndsWith("confirmed:client-email")));
        var confirmed = Assert.IsType<BookingConfirmedEmail>(email);
        Assert.Equal("five@example.com", confirmed.Booking.ClientEmail);
        Assert.Equal(Tuesday(9), confirmed.Booking.StartsAt);
    }

    [Fact]
    public async Task A_booking_made_inside_a_day_gets_no_reminder()
    {
        api.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        try
        {
            var booking = await BookAsync(Tuesday(10), "soon@example.com");
            await using var db = api.OpenDb();
            Assert.DoesNotContain(await MessagesAboutAsync(db, booking.Id), m => m.DeduplicationKey.Contains(":reminder:"));
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task When_the_transaction_rolls_back_neither_the_booking_nor_its_side_effects_exist()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        var announcements = scope.ServiceProvider.GetRequiredService<BookingAnnouncements>();
        var type = await db.SessionTypes.SingleAsync(t => t.Slug == "discovery-call", ct);
        var settings = await db.PracticeSettings.SingleAsync(ct);
        var client = Client.Register(new ContactDetails("Roll Back", "rollback@example.com", "+447911123456"), "Europe/London", api.Clock.GetUtcNow());
        var booking = Booking.Confirmed(client, type, Tuesday(14), null, api.Clock.GetUtcNow());

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Clients.Add(client);
            db.Bookings.Add(booking);
            announcements.Confirmed(booking, settings, needsWelcome: true);
            await db.SaveChangesAsync(ct);
            await transaction.RollbackAsync(ct);
        });

        await using var check = api.OpenDb();
        Assert.False(await check.Bookings.AnyAsync(b => b.Id == booking.Id, ct));
        Assert.Empty(await MessagesAboutAsync(check, booking.Id));
    }

    [Fact]
    public async Task Of_many_guests_racing_for_one_time_only_the_winner_leaves_side_effects()
    {
        var http = api.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            http.PostBookingAsync(Guest("discovery-call", Tuesday(15), $"racer{i}@example.com"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        await using var db = api.OpenDb();
        var winner = await db.Bookings.SingleAsync(b => b.StartsAt == Tuesday(15), ct);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.DeduplicationKey.EndsWith("confirmed:client-email")
            && m.DeduplicationKey.StartsWith($"booking:{winner.Id:N}"), ct));
        var racers = await db.Clients.Where(c => c.EmailKey.StartsWith("racer")).Select(c => c.Id).ToListAsync(ct);
        Assert.Single(racers);
        var welcomes = (await db.OutboxMessages.Where(m => m.Type == OutboxTypes.WelcomeThread).ToListAsync(ct))
            .Where(m => m.Payload.Contains(racers[0].ToString())).ToList();
        Assert.Equal($"booking:{winner.Id:N}:confirmed:welcome-thread", Assert.Single(welcomes).DeduplicationKey);
        var emails = (await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email).ToListAsync(ct))
            .Where(m => m.Payload.Contains("racer")).ToList();
        Assert.Equal(3, emails.Count); // to the client, to the therapist, the reminder
        Assert.All(emails, m => Assert.StartsWith($"booking:{winner.Id:N}:", m.DeduplicationKey));
    }

    [Fact]
    public async Task Cancelling_withdraws_the_reminder_and_tells_the_therapist_when_the_client_cancels()
    {
        var (_, http) = await api.ClientSignedInAsync("canceller@example.com", discoveryCompleted: false);
        var booking = await BookAsync(Tuesday(11), "canceller@example.com", http);

        var response = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new CancelRequest(false), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.OpenDb();
        var keys = (await MessagesAboutAsync(db, booking.Id)).Select(m => m.DeduplicationKey).ToList();
        Assert.DoesNotContain(keys, k => k.Contains(":reminder:"));
        var prefix = $"booking:{booking.Id:N}:cancelled:";
        Assert.Contains($"{prefix}client-email", keys);
        Assert.Contains($"{prefix}therapist-email", keys);
        Assert.Contains($"{prefix}therapist-notice", keys);
        Assert.Contains($"{prefix}client-notice", keys);
        Assert.Contains($"{prefix}calendar", keys);
    }

    [Fact]
    public async Task Moving_a_booking_replaces_its_reminder_and_the_therapist_moving_it_emails_only_the_client()
    {
        var booking = await BookAsync(Tuesday(13), "mover@example.com");
        var therapist = await api.TherapistSignedInAsync();

        var response = await therapist.PostAsJsonAsync($"/api/bookings/{booking.Id}/reschedule", new RescheduleRequest(Tuesday(16)), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.OpenDb();
        var messages = await MessagesAboutAsync(db, booking.Id);
        var reminder = Assert.Single(messages, m => m.DeduplicationKey.Contains(":reminder:"));
        Assert.EndsWith(Tuesday(16).UtcTicks.ToString(), reminder.DeduplicationKey);
        Assert.Equal(Tuesday(16).AddHours(-24), reminder.NextAttemptAt);
        var moved = messages.Where(m => m.DeduplicationKey.Contains(":moved-")).Select(m => m.DeduplicationKey.Split(':')[^1]).Order().ToList();
        Assert.Equal(["calendar", "client-email", "client-notice"], moved);
        var email = Assert.IsType<BookingChangedEmail>(ReadEmail(messages.Single(m => m.DeduplicationKey.EndsWith(":client-email") && m.DeduplicationKey.Contains(":moved-"))));
        Assert.Equal(Tuesday(13), email.PreviousStart);
        Assert.Equal(Tuesday(16), email.Booking.StartsAt);
        Assert.True(email.ByTherapist);
    }

    private async Task<BookingResponse> BookAsync(DateTimeOffset start, string email, HttpClient? http = null)
    {
        var response = await (http ?? api.CreateClient()).PostBookingAsync(Guest("discovery-call", start, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
    }

    private Task<List<OutboxMessage>> MessagesAboutAsync(PortalDb db, Guid bookingId) =>
        db.OutboxMessages.Where(m => m.DeduplicationKey.StartsWith($"booking:{bookingId:N}:")).ToListAsync(ct);

    private static EmailRequest ReadEmail(OutboxMessage message) =>
        System.Text.Json.JsonSerializer.Deserialize<EmailRequest>(message.Payload, OutboxJson.Options)!;
}
