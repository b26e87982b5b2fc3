using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Api.Payments;
using Portal.Core.Payments;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Payments;

/// <summary>Money goes back by the cancellation policy, through Stripe, exactly once.</summary>
public sealed class RefundTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly PaymentScenario scenario = new(api);

    private async Task<(BookingResponse Booking, HttpClient Client, Guid ClientId)> PaidBookingAsync(DateTimeOffset start)
    {
        var (clientId, http) = await scenario.ClientPastDiscoveryAsync();
        var booking = await scenario.BookPaidAsync(http, start);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(scenario.Paid(booking.Id))).StatusCode);
        return (booking, http, clientId);
    }

    private List<StripeRequest> RefundCallsFor(Payment payment) =>
        [.. scenario.Stripe.Requests.Where(r => r.Path == "/v1/refunds" && r.Form.GetValueOrDefault("payment_intent") == payment.PaymentIntentId)];

    [Fact]
    public async Task Cancelling_in_time_refunds_in_full_with_exactly_one_Stripe_call_carrying_an_idempotency_key()
    {
        var (booking, http, _) = await PaidBookingAsync(PaymentScenario.Day(0, 14));
        await using var worker = scenario.Worker();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { }, ct)).StatusCode);
        await worker.DrainAsync(ct);
        await worker.DrainAsync(ct);

        var payment = await scenario.PaymentAsync(booking.Id);
        var call = Assert.Single(RefundCallsFor(payment));
        Assert.Equal($"payment:{payment.Id:N}:refund", call.IdempotencyKey);
        Assert.Equal("7500", call.Form["amount"]);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(7500, payment.RefundedMinorUnits);
        Assert.Single(scenario.Stripe.Refunds, r => r["payment_intent"]!.GetValue<string>() == payment.PaymentIntentId);

        // Stripe's later charge.refunded agrees and changes nothing.
        var refunded = FakeStripe.Event("charge.refunded", FakeStripe.RefundedCharge(payment.PaymentIntentId!, 7500, 7500), api.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(refunded)).StatusCode);
        Assert.Equal(PaymentStatus.Refunded, (await scenario.PaymentAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task A_refund_whose_first_answer_was_lost_is_asked_again_with_the_same_key_and_made_once()
    {
        var (booking, http, _) = await PaidBookingAsync(PaymentScenario.Day(1, 14));
        await using var worker = scenario.Worker();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { }, ct)).StatusCode);

        scenario.Stripe.FailNext(3); // Stripe.net's own two retries fail too: the outbox tries again later
        try
        {
            // Each failed attempt waits out its backoff on the Api's clock: move it on until the refund is made.
            for (var attempt = 0; attempt < 10 && (await scenario.PaymentAsync(booking.Id)).Status != PaymentStatus.Refunded; attempt++)
            {
                await worker.DrainAsync(ct);
                api.Clock.Set(api.Clock.GetUtcNow().AddSeconds(1));
            }
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        var payment = await scenario.PaymentAsync(booking.Id);
        var calls = RefundCallsFor(payment);
        Assert.True(calls.Count > 1);
        Assert.Single(calls.Select(c => c.IdempotencyKey).Distinct());
        Assert.Single(scenario.Stripe.Refunds, r => r["payment_intent"]!.GetValue<string>() == payment.PaymentIntentId);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
    }

    [Fact]
    public async Task A_late_cancellation_refunds_nothing_unless_the_therapist_chooses_to()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (kept, _, _) = await PaidBookingAsync(PaymentScenario.Day(2, 14));
        var (refunded, _, _) = await PaidBookingAsync(PaymentScenario.Day(2, 16));

        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsJsonAsync($"/api/bookings/{kept.Id}/cancel", new { lateByClient = true }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await therapist.PostAsJsonAsync($"/api/bookings/{refunded.Id}/cancel", new { lateByClient = true, refund = true }, ct)).StatusCode);
        await using var worker = scenario.Worker();
        await worker.DrainAsync(ct);

        Assert.Equal(PaymentStatus.Paid, (await scenario.PaymentAsync(kept.Id)).Status);
        Assert.Empty(RefundCallsFor(await scenario.PaymentAsync(kept.Id)));
        Assert.Equal(PaymentStatus.Refunded, (await scenario.PaymentAsync(refunded.Id)).Status);
    }

    [Fact]
    public async Task The_therapist_lists_a_clients_payments_and_refunds_one_once()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (booking, _, clientId) = await PaidBookingAsync(PaymentScenario.Day(3, 14));
        var payment = await scenario.PaymentAsync(booking.Id);

        var listed = await therapist.GetFromJsonAsync<PaymentResponse[]>($"/api/payments?clientId={clientId}", ct);
        var row = Assert.Single(listed!);
        Assert.Equal((payment.Id, "Paid", "£75", "Therapy session (online)"), (row.Id, row.Status, row.AmountText, row.SessionTypeName));

        var first = await therapist.PostAsync($"/api/payments/{payment.Id}/refund", null, ct);
        var second = await therapist.PostAsync($"/api/payments/{payment.Id}/refund", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        await using var worker = scenario.Worker();
        await worker.DrainAsync(ct);

        Assert.Single(RefundCallsFor(payment));
        var after = Assert.Single((await therapist.GetFromJsonAsync<PaymentResponse[]>($"/api/payments?clientId={clientId}", ct))!);
        Assert.Equal(("Refunded", "Refunded by the therapist"), (after.Status, after.RefundReason));
        await using var db = api.OpenDb();
        Assert.True(await db.Notifications.AnyAsync(n => n.ClientId == clientId && n.Title.StartsWith("Refund of £75"), ct));
        var email = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == $"payment:{payment.Id:N}:refund:email", ct);
        Assert.Contains("\"template\": \"refund\"", email.Payload);
    }
}
