namespace Portal.Core.Payments;

/// <summary>Section <c>Stripe</c>. Without both keys paid bookings are switched off, with a message saying so.</summary>
public sealed class StripeSettings
{
    public const string Section = "Stripe";

    public string? SecretKey { get; set; }

    /// <summary>The <c>whsec_…</c> secret of the webhook endpoint (or of <c>stripe listen</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's own API unless set (tests point it at a fake).</summary>
    public string? ApiBase { get; set; }

    /// <summary>The Web's public address: Checkout sends the client back there.</summary>
    public Uri? ReturnUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
