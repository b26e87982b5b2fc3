using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Payments;
using Stripe;

namespace Portal.Api.Payments;

/// <summary>Stripe tells the practice what happened to a payment. Only a correctly signed, recent event is believed.</summary>
public static class StripeWebhookApi
{
    /// <summary>How old a signature may be, as Stripe's libraries default to: a replayed old event is refused.</summary>
    public const long ToleranceSeconds = 300;

    public static IEndpointRouteBuilder MapStripeWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("api/webhooks/stripe", Receive)
            .AllowAnonymous()
            .WithTags("Payments")
            .WithName("StripeWebhook")
            .WithSummary("Stripe's events (signed with the endpoint secret): payments completed, sessions expired, refunds.");
        return app;
    }

    public static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> Receive(
        HttpRequest request, IOptions<StripeSettings> settings, StripeWebhookInbox inbox, TimeProvider clock,
        ILogger<StripeWebhookInbox> logger, CancellationToken cancellationToken)
    {
        if (settings.Value.WebhookSecret is not { Length: > 0 } secret)
        {
            // Stripe retries for days: once the secret is set, nothing is lost.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payments are not set up",
                detail: "Stripe:WebhookSecret is not configured, so no event can be verified.");
        }

        var signature = request.Headers["Stripe-Signature"].ToString();
        if (signature.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid Stripe event",
                detail: "The Stripe-Signature header is missing.");
        }

        // The signature covers the exact bytes Stripe sent: read them untouched.
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signature, secret,
                ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception exception) when (exception is StripeException or Newtonsoft.Json.JsonException)
        {
            logger.LogWarning("Refused a Stripe webhook: {Reason}", exception.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid Stripe event",
                detail: "The Stripe-Signature header does not match this payload and secret, or is too old.");
        }

        return TypedResults.Ok(new WebhookReceipt(stripeEvent.Id, await inbox.ReceiveAsync(stripeEvent, cancellationToken)));
    }
}

public sealed record WebhookReceipt(string EventId, string Outcome);
