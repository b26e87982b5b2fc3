using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Infrastructure;
using Portal.Core.Newsletter;

namespace Portal.Api.Newsletter;

/// <summary>Resend's delivery events (signed the Svix way). Only a correctly signed, recent event is believed.</summary>
public static class ResendWebhookApi
{
    /// <summary>Resend's events are a few KB; anything past this is not one, and is refused before it is read whole.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapResendWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("api/webhooks/resend", Receive)
            .AllowAnonymous()
            .WithTags("Newsletter")
            .WithName("ResendWebhook")
            .WithSummary("Resend's delivery events (Svix signature, 5 minutes' tolerance): delivered, bounced, complained. "
                + "Recorded once by svix-id; hard bounces and complaints suppress the address.");
        return app;
    }

    public static async Task<Results<Ok<DeliveryReceipt>, ProblemHttpResult>> Receive(
        HttpRequest request, IConfiguration configuration, DeliveryEvents events, TimeProvider clock, ILogger<DeliveryEvents> logger,
        CancellationToken cancellationToken)
    {
        if (configuration["Resend:WebhookSecret"] is not { Length: > 0 } secret || !SvixSignature.IsWellFormed(secret))
        {
            // Svix retries for days: once the secret is set, nothing is lost.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Delivery events are not set up",
                detail: "Resend:WebhookSecret (whsec_…) is not configured, so no event can be verified.");
        }

        if (await request.ReadAtMostAsync(MaxPayloadBytes, cancellationToken) is not { } body)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large for a Resend event",
                detail: $"A Resend event is at most {MaxPayloadBytes / 1024} KB; this body is larger and was not read.");
        }

        var id = request.Headers["svix-id"].ToString();
        var verdict = SvixSignature.Verify(secret, id, request.Headers["svix-timestamp"], request.Headers["svix-signature"], body, clock.GetUtcNow());
        if (verdict != SignatureVerdict.Valid || id.Length > DeliveryEvent.MaxIdLength)
        {
            logger.LogWarning("Refused a Resend webhook: {Verdict}", verdict);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid Resend event",
                detail: "The svix-id, svix-timestamp and svix-signature headers are missing, too old, or do not match this body and secret.");
        }

        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid Resend event", detail: "The body is not JSON.");
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid Resend event", detail: "The body is not a JSON object.");
        }

        return TypedResults.Ok(new DeliveryReceipt(id, await events.ReceiveAsync(id, payload, cancellationToken)));
    }
}

public sealed record DeliveryReceipt(string EventId, string Outcome);
