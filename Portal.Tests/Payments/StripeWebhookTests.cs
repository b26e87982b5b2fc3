using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Payments;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Payments;

/// <summary>Stripe's signed events confirm paid bookings exactly once, in whatever order and number they come.</summary>
public sealed class StripeWebhookTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] ConfirmationSideEffects =
        ["calendar", "client-email", "client-notice", "therapist-email", "therapist-notice"];

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly PaymentScenario scenario = new(api);

    [Fact]
    public async Task Checkout_completed_confirms_the_booking_records_the_payment_and_writes_the_side_effects()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(0, 9));
        Assert.Empty(await scenario.ConfirmationKeysAsync(booking.Id)); // a hold announces nothing

        var paid = scenario.Paid(booking.Id);
        var response = await scenario.DeliverAsync(paid);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
        var payment = await scenario.PaymentAsync(booking.Id);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(scenario.Stripe.SessionOfBooking(booking.Id)["payment_intent"]!.GetValue<string>(), payment.PaymentIntentId);
        var keys = await scenario.ConfirmationKeysAsync(booking.Id);
        Assert.All(ConfirmationSideEffects, effect => Assert.Contains($"booking:{booking.Id:N}:confirmed:{effect}", keys));
        Assert.Contains(keys, k => k.StartsWith($"booking:{booking.Id:N}:reminder:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_event_delivered_ten_times_at_once_confirms_once_with_one_set_of_side_effects()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(1, 9));
        var paid = scenario.Paid(booking.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => scenario.DeliverAsync(paid)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(ct)));
        Assert.Single(outcomes, o => o.Contains("confirmed", StringComparison.Ordinal));
        Assert.Equal(9, outcomes.Count(o => o.Contains("already handled", StringComparison.Ordinal)));
        var keys = await scenario.ConfirmationKeysAsync(booking.Id);
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(ConfirmationSideEffects.Length + 2, keys.Count); // + welcome thread + reminder
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.StripeEvents.CountAsync(e => e.Type == "checkout.session.completed" && paid.Payload.Contains(e.Id), ct));
    }

    [Fact]
    public async Task A_bad_signature_or_a_stale_timestamp_gets_400_and_changes_nothing()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(2, 9));
        var session = scenario.Stripe.Complete(scenario.Stripe.SessionOfBooking(booking.Id)["id"]!.GetValue<string>());
        var now = api.Clock.GetUtcNow();
        var genuine = FakeStripe.Event("checkout.session.completed", session, now);

        var forged = await scenario.DeliverAsync(genuine.Payload, FakeStripe.Sign(genuine.Payload, "whsec_someone_else", now));
        var tampered = await scenario.DeliverAsync(genuine.Payload.Replace("\"paid\"", "\"paid\" "), genuine.Signature);
        var unsigned = await scenario.DeliverAsync(genuine.Payload, "");
        var stale = FakeStripe.Event("checkout.session.completed", session, now.AddSeconds(-301));
        var replayed = await scenario.DeliverAsync(stale);

        Assert.All([forged, tampered, unsigned, replayed], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(BookingStatus.PendingPayment, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(PaymentStatus.Open, (await scenario.PaymentAsync(booking.Id)).Status);
        await using (var db = api.OpenDb())
        {
            Assert.False(await db.StripeEvents.AnyAsync(e => genuine.Payload.Contains(e.Id), ct));
        }

        // Within the five-minute tolerance the same event is believed.
        var recent = FakeStripe.Event("checkout.session.completed", session, now.AddSeconds(-290));
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(recent)).StatusCode);
        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task Expired_arriving_after_completed_does_not_cancel_a_paid_booking()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(3, 9));
        var paid = scenario.Paid(booking.Id);
        var expired = scenario.Expired(booking.Id);

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(expired)).StatusCode);

        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(PaymentStatus.Paid, (await scenario.PaymentAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task Completed_arriving_after_expired_confirms_the_booking_when_its_time_is_still_free()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(3, 13));
        var expired = scenario.Expired(booking.Id);
        var paid = scenario.Paid(booking.Id);

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(expired)).StatusCode);
        Assert.Equal(BookingStatus.Expired, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);

        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(PaymentStatus.Paid, (await scenario.PaymentAsync(booking.Id)).Status);
        Assert.Contains($"booking:{booking.Id:N}:confirmed:client-email", await scenario.ConfirmationKeysAsync(booking.Id));
    }

    [Fact]
    public async Task A_payment_for_a_time_someone_else_took_after_the_hold_was_released_is_refunded_not_double_booked()
    {
        var start = PaymentScenario.Day(4, 9);
        var first = await scenario.ClientBooksPaidAsync(start);
        var expired = scenario.Expired(first.Id);
        var paid = scenario.Paid(first.Id);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(expired)).StatusCode);
        var second = await scenario.ClientBooksPaidAsync(start);

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);

        Assert.Equal(BookingStatus.Expired, (await scenario.BookingAsync(first.Id)).Status);
        Assert.Equal(BookingStatus.PendingPayment, (await scenario.BookingAsync(second.Id)).Status);
        var payment = await scenario.PaymentAsync(first.Id);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.NotNull(payment.RefundRequestedAt);
        await using var db = api.OpenDb();
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Type == "stripe-refund" && m.DeduplicationKey == $"payment:{payment.Id:N}:refund", ct));
        Assert.Equal(0, await Bookings.BookingRequests.CountOverlapsAsync(api.DatabaseConnectionString));
    }

    [Fact]
    public async Task A_webhook_that_fails_half_way_leaves_nothing_behind_and_Stripes_retry_confirms()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(4, 14));
        var paid = scenario.Paid(booking.Id);
        await using (var db = api.OpenDb())
        {
            // The confirmation's side effects cannot be written: the booking change before them must not stay.
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION refuse_outbox();
                """, ct);
        }

        HttpResponseMessage failed;
        try
        {
            failed = await scenario.DeliverAsync(paid);
        }
        finally
        {
            await using var db = api.OpenDb();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_outbox ON outbox_messages; DROP FUNCTION refuse_outbox();", ct);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode); // Stripe will deliver it again
        Assert.Equal(BookingStatus.PendingPayment, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(PaymentStatus.Open, (await scenario.PaymentAsync(booking.Id)).Status);
        await using (var db = api.OpenDb())
        {
            Assert.False(await db.StripeEvents.AnyAsync(e => paid.Payload.Contains(e.Id), ct));
        }

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);
        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Contains($"booking:{booking.Id:N}:confirmed:client-email", await scenario.ConfirmationKeysAsync(booking.Id));
    }

    [Fact]
    public async Task Unknown_event_types_and_events_about_no_booking_get_200_and_no_effect()
    {
        var now = api.Clock.GetUtcNow();
        var unknown = FakeStripe.Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_1", ["object"] = "customer" }, now);
        var orphan = FakeStripe.Event("checkout.session.completed", new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "cs_test_orphan", ["object"] = "checkout.session", ["status"] = "complete", ["payment_status"] = "paid",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["booking_id"] = Guid.NewGuid().ToString() },
        }, now);

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(orphan)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(orphan)).StatusCode);
    }
}
