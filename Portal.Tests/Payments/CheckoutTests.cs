using System.Net;
using System.Net.Http.Json;
using Portal.Core.Bookings;
using Portal.Core.Payments;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Payments;

/// <summary>A paid booking holds its time and sends the client to Stripe Checkout; an unpaid hold lets go.</summary>
public sealed class CheckoutTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly PaymentScenario scenario = new(api);

    [Fact]
    public async Task A_paid_booking_holds_the_time_and_opens_a_Checkout_Session_that_expires_with_the_hold()
    {
        var (clientId, http) = await scenario.ClientPastDiscoveryAsync();

        var booking = await scenario.BookPaidAsync(http, PaymentScenario.Day(0, 10));

        Assert.Equal("PendingPayment", booking.Status);
        var session = scenario.Stripe.SessionOfBooking(booking.Id);
        Assert.Equal(session["url"]!.GetValue<string>(), booking.CheckoutUrl);
        var create = Assert.Single(scenario.Stripe.Requests,
            r => r.Path == "/v1/checkout/sessions" && r.Form.GetValueOrDefault("metadata[booking_id]") == booking.Id.ToString());
        Assert.Equal($"booking-{booking.Id:N}-checkout", create.IdempotencyKey);
        Assert.Equal("2026-10-28.endive", create.StripeVersion);
        Assert.Equal("payment", create.Form["mode"]);
        Assert.Equal("gbp", create.Form["line_items[0][price_data][currency]"]);
        Assert.Equal("7500", create.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("1", create.Form["line_items[0][quantity]"]);
        Assert.StartsWith("Therapy session (online), Mon 9 Mar, 10:00", create.Form["line_items[0][price_data][product_data][name]"]);
        Assert.EndsWith("@example.com", create.Form["customer_email"]);
        Assert.Equal(clientId.ToString(), create.Form["client_reference_id"]);
        Assert.Equal(booking.Id.ToString(), create.Form["metadata[booking_id]"]);
        Assert.Equal(booking.Id.ToString(), create.Form["payment_intent_data[metadata][booking_id]"]);
        Assert.Equal($"{ApiFactory.PublicUrl}book/paid/{booking.Id}", create.Form["success_url"]);
        Assert.Equal($"{ApiFactory.PublicUrl}book/not-paid/{booking.Id}", create.Form["cancel_url"]);
        Assert.Equal(booking.HoldExpiresAt!.Value.ToUnixTimeSeconds().ToString(), create.Form["expires_at"]);
        Assert.Equal(ApiFactory.DefaultNow + BookingDesk.PaymentHold, booking.HoldExpiresAt);

        var payment = await scenario.PaymentAsync(booking.Id);
        Assert.Equal((PaymentStatus.Open, 7500L, session["id"]!.GetValue<string>()), (payment.Status, payment.AmountMinorUnits, payment.CheckoutSessionId));

        // Held: nobody else can take the time while the client pays.
        var other = await scenario.ClientPastDiscoveryAsync();
        var clash = await other.Http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = PaymentScenario.Day(0, 10) }, ct);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
    }

    [Fact]
    public async Task Asking_again_for_a_time_already_held_gives_the_same_booking_and_Checkout_Session()
    {
        var (_, http) = await scenario.ClientPastDiscoveryAsync();

        var first = await scenario.BookPaidAsync(http, PaymentScenario.Day(0, 14));
        var again = await scenario.BookPaidAsync(http, PaymentScenario.Day(0, 14));

        Assert.Equal((first.Id, first.CheckoutUrl), (again.Id, again.CheckoutUrl));
        Assert.Single(scenario.Stripe.Requests.Where(r => r.Path == "/v1/checkout/sessions"
            && r.Form.GetValueOrDefault("metadata[booking_id]") == first.Id.ToString()).Select(r => r.IdempotencyKey).Distinct());
        // A guest naming the same client's email is not that client: no booking, and no payment page, of theirs.
        var me = await http.GetFromJsonAsync<Portal.Api.Identity.MeResponse>("/api/me", ct);
        var guest = await api.CreateClient().PostAsJsonAsync("/api/bookings", new
        {
            sessionType = "online-session", start = PaymentScenario.Day(0, 14), name = "Someone", email = me!.Email,
            phone = "07911 123456", timeZone = "Europe/London", privacyConsent = true,
        }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, guest.StatusCode);
    }

    [Fact]
    public async Task A_hold_whose_webhook_never_comes_is_released_by_the_Worker_and_the_time_goes_to_another_client()
    {
        var start = PaymentScenario.Day(1, 10);
        var booking = await scenario.ClientBooksPaidAsync(start);
        var sessionId = scenario.Stripe.SessionOfBooking(booking.Id)["id"]!.GetValue<string>();
        await using var worker = scenario.Worker();

        await worker.DrainAsync(ct);
        Assert.Equal(BookingStatus.PendingPayment, (await scenario.BookingAsync(booking.Id)).Status); // not before the hold ends

        api.Clock.Set(booking.HoldExpiresAt!.Value.AddSeconds(1));
        try
        {
            await worker.DrainAsync(ct);

            Assert.Equal(BookingStatus.Expired, (await scenario.BookingAsync(booking.Id)).Status);
            Assert.Equal(PaymentStatus.Abandoned, (await scenario.PaymentAsync(booking.Id)).Status);
            Assert.Equal("expired", scenario.Stripe.Session(sessionId)["status"]!.GetValue<string>());
            Assert.Contains(scenario.Stripe.Requests, r => r.Path == $"/v1/checkout/sessions/{sessionId}/expire");

            var second = await scenario.ClientBooksPaidAsync(start);
            Assert.Equal("PendingPayment", second.Status);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task At_the_end_of_a_hold_the_Worker_asks_Stripe_first_and_confirms_a_booking_paid_whose_webhook_was_lost()
    {
        var booking = await scenario.ClientBooksPaidAsync(PaymentScenario.Day(2, 10));
        scenario.Stripe.Complete(scenario.Stripe.SessionOfBooking(booking.Id)["id"]!.GetValue<string>());
        await using var worker = scenario.Worker();

        api.Clock.Set(booking.HoldExpiresAt!.Value.AddSeconds(1));
        try
        {
            await worker.DrainAsync(ct);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        Assert.Equal(BookingStatus.Confirmed, (await scenario.BookingAsync(booking.Id)).Status);
        Assert.Equal(PaymentStatus.Paid, (await scenario.PaymentAsync(booking.Id)).Status);
        Assert.Contains($"booking:{booking.Id:N}:confirmed:client-email", await scenario.ConfirmationKeysAsync(booking.Id));
    }

    [Fact]
    public async Task With_Stripe_down_the_client_is_told_to_try_again_and_the_time_is_not_kept()
    {
        var start = PaymentScenario.Day(3, 10);
        var (_, http) = await scenario.ClientPastDiscoveryAsync();
        scenario.Stripe.FailNext(3); // the first try and Stripe.net's two retries

        var response = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start }, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("payment-provider-unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("Nothing was charged", problem.GetProperty("detail").GetString());
        Assert.Equal("PendingPayment", (await scenario.BookPaidAsync(http, start)).Status); // the time is free again
    }

    [Fact]
    public async Task A_client_who_lets_the_held_time_go_frees_it_and_the_Checkout_Session_is_expired()
    {
        var start = PaymentScenario.Day(4, 10);
        var (_, http) = await scenario.ClientPastDiscoveryAsync();
        var booking = await scenario.BookPaidAsync(http, start);
        await using var worker = scenario.Worker();

        var cancelled = await http.PostAsJsonAsync($"/api/bookings/{booking.Id}/cancel", new { }, ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await worker.DrainAsync(ct);

        Assert.Equal("expired", scenario.Stripe.SessionOfBooking(booking.Id)["status"]!.GetValue<string>());
        Assert.Equal(PaymentStatus.Abandoned, (await scenario.PaymentAsync(booking.Id)).Status);
        Assert.Equal("PendingPayment", (await scenario.ClientBooksPaidAsync(start)).Status);
    }
}

/// <summary>Without Stripe keys the practice still takes discovery calls; paid sessions say why they cannot be booked.</summary>
public sealed class PaymentsNotSetUpTests(PaymentsNotSetUpTests.NoStripeApi api) : IClassFixture<PaymentsNotSetUpTests.NoStripeApi>
{
    public sealed class NoStripeApi(TestServers servers) : ApiFactory(servers)
    {
        protected override bool WithStripe => false;
    }

    [Fact]
    public async Task A_paid_booking_gets_a_clear_503_and_nothing_is_held()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, http) = await api.ClientSignedInAsync("no-stripe@example.com", discoveryCompleted: true);

        var response = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = PaymentScenario.Day(0, 11) }, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("payments-not-set-up", problem.GetProperty("code").GetString());
        Assert.Contains("contact the therapist", problem.GetProperty("detail").GetString());
        await using var db = api.OpenDb();
        Assert.Empty(db.Bookings);
        var webhook = await api.CreateClient().PostAsync("/api/webhooks/stripe", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
    }
}
