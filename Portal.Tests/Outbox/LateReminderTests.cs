using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Outbox;

/// <summary>
/// A reminder the Worker reaches late (it was down) is not sent once the session has begun. A database of its own: the
/// Worker here moves the clock past every session of the day, and would spend other tests' reminders.
/// </summary>
public sealed class LateReminderTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync() => resend = await FakeResend.StartAsync();

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    [Fact]
    public async Task A_reminder_the_Worker_reaches_only_after_the_session_began_is_not_sent_and_one_in_time_is()
    {
        var missed = await BookAsync(Tuesday(10), "missed-reminder@example.com");
        var due = await BookAsync(Tuesday(16), "due-reminder@example.com");
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);

        // The Worker was down from the day before until ten past ten on the day.
        api.Clock.Set(Tuesday(10, 10));
        try
        {
            await worker.DrainAsync(ct);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        var reminders = resend.Sent.Where(e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(reminders, e => e.To.Single().Contains("missed-reminder@example.com"));
        Assert.Single(reminders, e => e.To.Single().Contains("due-reminder@example.com"));
        await using var db = api.OpenDb();
        foreach (var booking in new[] { missed, due })
        {
            var reminder = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey.StartsWith($"booking:{booking.Id:N}:reminder:"), ct);
            Assert.NotNull(reminder.ProcessedAt);
        }
    }

    private async Task<BookingResponse> BookAsync(DateTimeOffset start, string email)
    {
        var response = await api.CreateClient().PostBookingAsync(Guest("discovery-call", start, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
    }
}
