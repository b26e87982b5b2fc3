using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Notifications;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Outbox;

/// <summary>From the booking request to what people receive, with the Api and the Worker over one database.</summary>
public sealed class BookingDeliveryTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync()
    {
        resend = await FakeResend.StartAsync();
        await using var db = api.OpenDb();
        var practice = await db.PracticeSettings.SingleAsync();
        practice.TherapistEmail = "anna@quietharbour.example";
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    [Fact]
    public async Task A_booking_reaches_the_client_and_the_therapist_by_email_and_in_the_portal_and_opens_a_welcome_thread()
    {
        var (client, http) = await api.ClientSignedInAsync("delivered@example.com", discoveryCompleted: false);
        var booking = await BookAsync(http, Tuesday(9), "delivered@example.com");
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);

        await worker.DrainAsync(ct);

        var toClient = Assert.Single(resend.Sent, e => e.To.Single().Contains("delivered@example.com"));
        Assert.Equal($"booking:{booking.Id:N}:confirmed:client-email", toClient.IdempotencyKey);
        Assert.Equal("Booked: your free discovery call on Tue 3 Mar, 09:00 (London time)", toClient.Subject);
        Assert.Equal("session.ics", Assert.Single(toClient.Attachments).FileName);
        var toTherapist = Assert.Single(resend.Sent, e => e.To.Single().Contains("anna@quietharbour.example"));
        Assert.StartsWith("New booking: Pat Client", toTherapist.Subject);

        await using var db = api.OpenDb();
        Assert.Single(await db.Notifications.Where(n => n.ClientId == client.Id).ToListAsync(ct));
        Assert.Contains(await db.Notifications.Where(n => n.Audience == Audience.Therapist).ToListAsync(ct),
            n => n.Title == "New booking: Pat Client");
        var welcome = await db.MessageThreads.Include(t => t.Messages).SingleAsync(t => t.ClientId == client.Id, ct);
        Assert.True(welcome.IsWelcome);
        Assert.True(Assert.Single(welcome.Messages).FromTherapist);
        var owed = await db.OutboxMessages.Where(m => m.ProcessedAt == null && m.DeduplicationKey.StartsWith($"booking:{booking.Id:N}")).ToListAsync(ct);
        Assert.Contains(":reminder:", Assert.Single(owed).DeduplicationKey);
    }

    [Fact]
    public async Task A_client_who_rebooks_before_the_Worker_runs_still_gets_one_welcome_thread()
    {
        var (client, http) = await api.ClientSignedInAsync("rebooker@example.com", discoveryCompleted: false);
        var first = await BookAsync(http, Tuesday(10), "rebooker@example.com");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/bookings/{first.Id}/cancel", new CancelRequest(false), ct)).StatusCode);
        var second = await BookAsync(http, Tuesday(13), "rebooker@example.com");
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);

        await worker.DrainAsync(ct);

        await using var db = api.OpenDb();
        string[] welcomes = [$"booking:{first.Id:N}:confirmed:welcome-thread", $"booking:{second.Id:N}:confirmed:welcome-thread"];
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => welcomes.Contains(m.DeduplicationKey) && m.ProcessedAt != null, ct));
        Assert.Equal(1, await db.MessageThreads.CountAsync(t => t.ClientId == client.Id, ct));
    }

    [Fact]
    public async Task The_reminder_goes_out_24_hours_before_and_not_for_a_booking_that_moved_behind_its_back()
    {
        var kept = await BookAsync(api.CreateClient(), Tuesday(11), "kept@example.com");
        var moved = await BookAsync(api.CreateClient(), Tuesday(12), "moved@example.com");
        await using (var db = api.OpenDb())
        {
            // Moved without its announcements, as a bug or a hand edit might: the reminder must see it at send time.
            var later = TimeSpan.FromHours(4);
            await db.Bookings.Where(b => b.Id == moved.Id).ExecuteUpdateAsync(set => set
                .SetProperty(b => b.StartsAt, b => b.StartsAt + later).SetProperty(b => b.EndsAt, b => b.EndsAt + later)
                .SetProperty(b => b.OccupiedFrom, b => b.OccupiedFrom + later).SetProperty(b => b.OccupiedUntil, b => b.OccupiedUntil + later), ct);
        }

        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);
        Assert.DoesNotContain(resend.Sent, e => e.Subject.StartsWith("Reminder"));

        api.Clock.Set(Tuesday(12).AddHours(-24));
        try
        {
            await worker.DrainAsync(ct);
            await worker.DrainAsync(ct);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        // Other tests of this class book earlier that Tuesday; their reminders may be due too.
        var reminders = resend.Sent.Where(e => e.Subject.StartsWith("Reminder")).ToList();
        Assert.Single(reminders, e => e.To.Single().Contains("kept@example.com"));
        Assert.DoesNotContain(reminders, e => e.To.Single().Contains("moved@example.com"));
        await using var check = api.OpenDb();
        var skipped = await check.OutboxMessages.SingleAsync(m => m.DeduplicationKey.StartsWith($"booking:{moved.Id:N}:reminder:"), ct);
        Assert.NotNull(skipped.ProcessedAt);
    }

    [Fact]
    public async Task One_trace_joins_the_booking_request_to_the_emails_the_Worker_sends()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);

        var booking = await BookAsync(api.CreateClient(), Tuesday(14), "traced@example.com");
        string traceId;
        await using (var db = api.OpenDb())
        {
            var written = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"booking:{booking.Id:N}:confirmed:client-email", ct);
            traceId = ActivityContext.Parse(written.TraceParent!, null).TraceId.ToString();
        }

        lock (activities)
        {
            Assert.Contains(activities, a => a.Kind == ActivityKind.Server && a.TraceId.ToString() == traceId);
        }

        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);

        lock (activities)
        {
            Assert.Contains(activities, a => a.Source.Name == "Portal.Outbox" && a.TraceId.ToString() == traceId
                && (string?)a.GetTagItem("outbox.type") == "email");
        }

        var sent = Assert.Single(resend.Sent, e => e.IdempotencyKey == $"booking:{booking.Id:N}:confirmed:client-email");
        Assert.Contains(traceId, sent.TraceParent);
    }

    private async Task<BookingResponse> BookAsync(HttpClient http, DateTimeOffset start, string email)
    {
        var response = await http.PostBookingAsync(Guest("discovery-call", start, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
    }
}
