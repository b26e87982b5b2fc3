using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Payments;
using Portal.Core.Bookings;
using Portal.Core.Notifications;
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
    public async Task A_payment_for_a_time_she_blocked_after_the_hold_was_released_is_refunded_not_booked_over_her_block()
    {
        var start = PaymentScenario.Day(1, 16);
        var booking = await scenario.ClientBooksPaidAsync(start);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(scenario.Expired(booking.Id))).StatusCode);
        var therapist = await api.TherapistSignedInAsync();
        using (var blocked = await therapist.PostAsJsonAsync("/api/availability/blocked-periods",
                   new { start = start.AddMinutes(-30), end = start.AddHours(2) }, ct))
        {
            Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(scenario.Paid(booking.Id))).StatusCode);

        Assert.Equal(BookingStatus.Expired, (await scenario.BookingAsync(booking.Id)).Status);
        var payment = await scenario.PaymentAsync(booking.Id);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.NotNull(payment.RefundRequestedAt);
        Assert.DoesNotContain($"booking:{booking.Id:N}:confirmed:client-email", await scenario.ConfirmationKeysAsync(booking.Id));
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

    [Fact]
    public async Task A_refund_that_arrives_before_its_payment_is_known_is_refused_for_Stripe_to_retry_then_recorded()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(0, 14));
        var paid = scenario.Paid(booking.Id);
        var paymentIntent = scenario.Stripe.SessionOfBooking(booking.Id)["payment_intent"]!.GetValue<string>();
        var price = (await scenario.PaymentAsync(booking.Id)).AmountMinorUnits;
        var refunded = FakeStripe.Event("charge.refunded", FakeStripe.RefundedCharge(paymentIntent, price, price), api.Clock.GetUtcNow());

        var early = await scenario.DeliverAsync(refunded);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event-too-early", (await early.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
        Assert.False(await RecordedAsync(refunded));

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(refunded)).StatusCode);

        Assert.True(await RecordedAsync(refunded));
        Assert.Equal(PaymentStatus.Refunded, (await scenario.PaymentAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_413_before_it_is_read_whole()
    {
        var now = api.Clock.GetUtcNow();
        var padded = FakeStripe.Event("customer.created", new JsonObject
        {
            ["id"] = "cus_big", ["object"] = "customer", ["description"] = new string('x', StripeWebhookApi.MaxPayloadBytes),
        }, now);
        var counter = new BodyReadCounter();
        await using var counted = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(counter)));
        const int hugeLength = 10 * 1024 * 1024;
        using var streamed = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe")
        {
            Content = new StreamContent(new NotSeekable(new MemoryStream(new byte[hugeLength]))), // no Content-Length
        };
        streamed.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        streamed.Headers.TransferEncodingChunked = true;
        streamed.Headers.TryAddWithoutValidation("Stripe-Signature", FakeStripe.Sign("{}", FakeStripe.WebhookSecret, now));

        var declared = await scenario.DeliverAsync(padded);
        var undeclared = await counted.CreateClient().SendAsync(streamed, ct);

        Assert.All([declared, undeclared], response =>
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        });
        Assert.False(await RecordedAsync(padded));
        Assert.Null(counter.DeclaredLength);
        Assert.InRange(counter.Read, StripeWebhookApi.MaxPayloadBytes + 1, 2 * StripeWebhookApi.MaxPayloadBytes);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(0, "eur")]
    public async Task A_Checkout_that_charged_another_amount_or_currency_confirms_nothing_and_tells_the_therapist(long amountChange, string? currency)
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(2, amountChange == 0 ? 14 : 15));
        var session = scenario.Stripe.Complete(scenario.Stripe.SessionOfBooking(booking.Id)["id"]!.GetValue<string>());
        session["amount_total"] = session["amount_total"]!.GetValue<long>() + amountChange;
        session["currency"] = currency ?? session["currency"]!.GetValue<string>();
        var paid = FakeStripe.Event("checkout.session.completed", session, api.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await scenario.DeliverAsync(paid)).StatusCode);

        Assert.Equal(BookingStatus.PendingPayment, (await scenario.BookingAsync(booking.Id)).Status);
        var payment = await scenario.PaymentAsync(booking.Id);
        Assert.Equal(PaymentStatus.Open, payment.Status);
        Assert.Empty(await scenario.ConfirmationKeysAsync(booking.Id));
        await using var db = api.OpenDb();
        var notice = await db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.DeduplicationKey == $"payment:{payment.Id:N}:amount-mismatch", ct);
        Assert.Equal("notification", notice.Type);
        var request = JsonSerializer.Deserialize<NotificationRequest>(notice.Payload, JsonSerializerOptions.Web)!;
        Assert.Equal(Audience.Therapist, request.Audience);
        Assert.Contains("not confirmed", request.Body, StringComparison.Ordinal);
        Assert.True(await RecordedAsync(paid));
    }

    private async Task<bool> RecordedAsync(SignedEvent signed)
    {
        await using var db = api.OpenDb();
        var id = JsonNode.Parse(signed.Payload)!["id"]!.GetValue<string>();
        return await db.StripeEvents.AnyAsync(e => e.Id == id, ct);
    }

    /// <summary>Counts the request body bytes the Api reads.</summary>
    private sealed class BodyReadCounter : IStartupFilter
    {
        private long read;

        public long Read => Interlocked.Read(ref read);

        public long? DeclaredLength { get; private set; }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                DeclaredLength = context.Request.ContentLength;
                context.Request.Body = new Counting(context.Request.Body, this);
                await nextMiddleware();
            });
            next(app);
        };

        private sealed class Counting(Stream inner, BodyReadCounter counter) : NotSeekable(inner)
        {
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var n = await base.ReadAsync(buffer, cancellationToken);
                Interlocked.Add(ref counter.read, n);
                return n;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = base.Read(buffer, offset, count);
                Interlocked.Add(ref counter.read, n);
                return n;
            }
        }
    }

    /// <summary>A stream read front to back, of no known length.</summary>
    private class NotSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
