using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Payments;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Payments;

/// <summary>Steps the payment tests share: a client past discovery books a paid session; Stripe reports back.</summary>
internal sealed class PaymentScenario(ApiFactory api)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public FakeStripe Stripe => api.Stripe!;

    /// <summary>A weekday of the week after the factory's "now", at <paramref name="hour"/> UTC (London time in March).</summary>
    public static DateTimeOffset Day(int weekday, int hour) => new DateTimeOffset(2026, 3, 9, hour, 0, 0, TimeSpan.Zero).AddDays(weekday);

    public async Task<(Guid ClientId, HttpClient Http)> ClientPastDiscoveryAsync()
    {
        var (client, http) = await api.ClientSignedInAsync($"paying-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        return (client.Id, http);
    }

    public async Task<BookingResponse> BookPaidAsync(HttpClient http, DateTimeOffset start)
    {
        var response = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(Ct))!;
    }

    public async Task<BookingResponse> ClientBooksPaidAsync(DateTimeOffset start) =>
        await BookPaidAsync((await ClientPastDiscoveryAsync()).Http, start);

    public Task<HttpResponseMessage> DeliverAsync(SignedEvent signed) => DeliverAsync(signed.Payload, signed.Signature);

    public async Task<HttpResponseMessage> DeliverAsync(string payload, string signature)
    {
        using var request = SignedEvent.WebhookRequest(payload, signature);
        return await api.CreateClient().SendAsync(request, Ct);
    }

    /// <summary>The client pays on Checkout; Stripe's event about it, signed now.</summary>
    public SignedEvent Paid(Guid bookingId) =>
        FakeStripe.Event("checkout.session.completed", Stripe.Complete(Stripe.SessionOfBooking(bookingId)["id"]!.GetValue<string>()), api.Clock.GetUtcNow());

    /// <summary>Stripe's word that the session ran out unpaid.</summary>
    public SignedEvent Expired(Guid bookingId)
    {
        var session = (System.Text.Json.Nodes.JsonObject)Stripe.SessionOfBooking(bookingId).DeepClone();
        session["status"] = "expired";
        return FakeStripe.Event("checkout.session.expired", session, api.Clock.GetUtcNow());
    }

    public async Task<Booking> BookingAsync(Guid id)
    {
        await using var db = api.OpenDb();
        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id, Ct);
    }

    public async Task<Payment> PaymentAsync(Guid bookingId)
    {
        await using var db = api.OpenDb();
        return await db.Payments.AsNoTracking().SingleAsync(p => p.BookingId == bookingId, Ct);
    }

    /// <summary>The outbox keys the booking's confirmation wrote (emails, notices, calendar, reminder…).</summary>
    public async Task<List<string>> ConfirmationKeysAsync(Guid bookingId)
    {
        await using var db = api.OpenDb();
        var prefix = $"booking:{bookingId:N}:";
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeduplicationKey.StartsWith(prefix) && !m.DeduplicationKey.Contains("checkout-close"))
            .Select(m => m.DeduplicationKey).OrderBy(k => k).ToListAsync(Ct);
    }

    /// <summary>The Worker as it runs in production, pointed at this factory's database, Stripe and clock.</summary>
    public TestWorker Worker() => TestWorker.Create(
        api.DatabaseConnectionString, Stripe.Settings.ToDictionary(s => s.Key, s => (string?)s.Value), api.Clock);
}
