using Microsoft.Extensions.Options;
using Portal.Core.Bookings;
using Portal.Core.Notifications;
using Stripe;
using Stripe.Checkout;

namespace Portal.Core.Payments;

/// <summary>The few Stripe calls the practice makes. Every POST carries our own idempotency key.</summary>
public sealed class StripeCheckout(IHttpClientFactory httpClients, IOptions<StripeSettings> settings)
{
    // Made on first use: without keys the practice still runs (and books free sessions) with no Stripe client at all.
    private IStripeClient? stripe;

    public bool IsConfigured => settings.Value.IsConfigured;

    private IStripeClient Stripe => stripe ??= new StripeClient(new StripeClientOptions
    {
        ApiKey = settings.Value.SecretKey,
        ApiBase = settings.Value.ApiBase?.TrimEnd('/') ?? StripeClient.DefaultApiBase,
        // Stripe.net retries network errors and 5xx itself, with the same idempotency key.
        HttpClient = new SystemNetHttpClient(httpClients.CreateClient(PaymentRegistration.StripeHttpClient), maxNetworkRetries: 2),
    });

    /// <summary>Opens the hosted payment page for a held booking; it closes when the hold ends.</summary>
    public Task<Session> OpenAsync(Booking booking, Payment payment, CancellationToken cancellationToken)
    {
        var returnUrl = settings.Value.ReturnUrl
            ?? throw new InvalidOperationException("Portal:PublicUrl (or Stripe:ReturnUrl) must name the Web for Checkout to return to.");
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.BookingId] = booking.Id.ToString(),
            [MetadataKeys.PaymentId] = payment.Id.ToString(),
        };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = payment.Currency.ToLowerInvariant(),
                        UnitAmount = payment.AmountMinorUnits,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = $"{booking.SessionType.Name}, {ReadableTime.Short(booking.StartsAt, booking.Client.TimeZone)}",
                        },
                    },
                },
            ],
            CustomerEmail = booking.Client.Email,
            ClientReferenceId = booking.ClientId.ToString(),
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            SuccessUrl = new Uri(returnUrl, $"book/paid/{booking.Id}").ToString(),
            CancelUrl = new Uri(returnUrl, $"book/not-paid/{booking.Id}").ToString(),
            ExpiresAt = booking.HoldExpiresAt!.Value.UtcDateTime,
        };
        return new SessionService(Stripe).CreateAsync(options, Keyed($"booking-{booking.Id:N}-checkout"), cancellationToken);
    }

    public Task<Session> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        new SessionService(Stripe).GetAsync(sessionId, cancellationToken: cancellationToken);

    public Task<Session> ExpireAsync(string sessionId, CancellationToken cancellationToken) =>
        new SessionService(Stripe).ExpireAsync(sessionId, options: null, Keyed($"expire-{sessionId}"), cancellationToken);

    public Task<Refund> RefundAsync(string paymentIntentId, long amountMinorUnits, string idempotencyKey, CancellationToken cancellationToken) =>
        new RefundService(Stripe).CreateAsync(
            new RefundCreateOptions { PaymentIntent = paymentIntentId, Amount = amountMinorUnits, Reason = "requested_by_customer" },
            Keyed(idempotencyKey),
            cancellationToken);

    private static RequestOptions Keyed(string idempotencyKey) => new() { IdempotencyKey = idempotencyKey };
}

/// <summary>What we write into a Checkout Session's metadata and read back from its events.</summary>
public static class MetadataKeys
{
    public const string BookingId = "booking_id";
    public const string PaymentId = "payment_id";
}
