using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Api.Infrastructure;
using Portal.Core.Payments;
using Stripe;

namespace Portal.Api.Payments;

/// <summary>Stripe tells the practice what happened to a payment. Only a correctly signed, recent event is believed.</summary>
public static class StripeWebhookApi
{
    /// <summary>How old a signature may be, as Stripe's libraries default to: a replayed old event is refused.</summary>
    public const long ToleranceSeconds = 300;

    /// <summary>Stripe's events are a few KB; anything past this is not one, and is refused before it is read whole.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

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

        // The signature covers the exact bytes Stripe sent: read them untouched, and no more than an event can be.
        if (await request.ReadAtMostAsync(MaxPayloadBytes, cancellationToken) is not { } payload)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large for a Stripe event",
                detail: $"A Stripe event is at most {MaxPayloadBytes / 1024} KB; this body is larger and was not read.");
        }

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

        var outcome = await inbox.ReceiveAsync(stripeEvent, cancellationToken);
        return outcome.TooEarly
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too early for this event",
                detail: $"{outcome.Description}; Stripe will deliver it again.",
                extensions: new Dictionary<string, object?> { ["code"] = "event-too-early" })
            : TypedResults.Ok(new WebhookReceipt(stripeEvent.Id, outcome.Description));
    }
}

public sealed record WebhookReceipt(string EventId, string Outcome);
