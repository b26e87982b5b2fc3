using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>
/// The part of Stripe's REST API the practice uses, on a real port, in Stripe's wire format (WIRE-FORMATS.md):
/// bearer secret key, form-encoded bodies with bracketed keys, <c>Idempotency-Key</c> replays (same key and body:
/// the saved answer; other body: 400), errors as <c>{"error":{type,code,message,param}}</c>. Checkout Sessions,
/// their expiry, refunds, and a hosted page for the browser. Tests complete sessions and build events here.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_portal";
    public const string WebhookSecret = "whsec_fake_portal_endpoint_secret";
    public const string ApiVersion = "2026-10-28.endive";

    private WebApplication app = null!;
    private readonly ConcurrentDictionary<string, JsonObject> sessions = new();
    private readonly ConcurrentDictionary<string, (string BodyHash, int Status, string Body)> idempotency = new();
    private readonly ConcurrentDictionary<string, long> refundedByPaymentIntent = new();
    private readonly ConcurrentQueue<StripeRequest> requests = new();
    private readonly ConcurrentQueue<JsonObject> refunds = new();
    private readonly Lock gate = new();
    private int failuresToServe;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>"Now" for Stripe's own checks (a Checkout expiry at least 30 minutes ahead); tests pass the Api's clock.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyCollection<StripeRequest> Requests => requests;

    /// <summary>Refunds actually made: one per idempotency key, however often asked.</summary>
    public IReadOnlyCollection<JsonObject> Refunds => refunds;

    /// <summary>The next <paramref name="count"/> API requests get 500 api_error.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresToServe, count);

    public static async Task<FakeStripe> StartAsync()
    {
        var fake = new FakeStripe();
        (fake.app, fake.BaseUrl) = await FakeHttpServer.StartAsync(app =>
        {
            app.MapPost("/v1/checkout/sessions", (Func<HttpContext, Task<IResult>>)(c => fake.ApiAsync(c, fake.CreateSession)));
            app.MapGet("/v1/checkout/sessions/{id}", (HttpContext c, string id) => fake.ApiAsync(c, _ => fake.GetSession(id)));
            app.MapPost("/v1/checkout/sessions/{id}/expire", (HttpContext c, string id) => fake.ApiAsync(c, _ => fake.ExpireSession(id)));
            app.MapPost("/v1/refunds", (Func<HttpContext, Task<IResult>>)(c => fake.ApiAsync(c, fake.CreateRefund)));
            app.MapGet("/c/pay/{id}", (string id) => Results.Content(
                $"<!doctype html><html lang=\"en\"><title>Fake Stripe Checkout</title><h1>Pay for {id}</h1></html>", "text/html"));
        });
        return fake;
    }

    /// <summary>Settings that point the Api (or the Worker) at this fake.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Stripe:SecretKey"] = SecretKey,
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:ApiBase"] = BaseUrl.ToString().TrimEnd('/'),
    };

    public JsonObject Session(string id) => sessions[id];

    public JsonObject SessionOfBooking(Guid bookingId) =>
        sessions.Values.Single(s => s["metadata"]?["booking_id"]?.GetValue<string>() == bookingId.ToString());

    /// <summary>The client pays on the hosted page: the session completes with a payment intent.</summary>
    public JsonObject Complete(string sessionId)
    {
        lock (gate)
        {
            var session = sessions[sessionId];
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["payment_intent"] = $"pi_{Guid.NewGuid():N}";
            return (JsonObject)session.DeepClone();
        }
    }

    /// <summary>A signed event as Stripe would POST it, wrapping <paramref name="dataObject"/>.</summary>
    public static SignedEvent Event(string type, JsonObject dataObject, DateTimeOffset signedAt, string? eventId = null)
    {
        var payload = new JsonObject
        {
            ["id"] = eventId ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = ApiVersion,
            ["created"] = signedAt.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
        return new SignedEvent(payload, Sign(payload, WebhookSecret, signedAt));
    }

    /// <summary>As Stripe signs: hex HMAC-SHA256, keyed by the whole whsec_ secret, over "{t}.{body}".</summary>
    public static string Sign(string payload, string secret, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds();
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }

    /// <summary>A charge after a refund, as charge.refunded carries it.</summary>
    public static JsonObject RefundedCharge(string paymentIntent, long amount, long amountRefunded) => new()
    {
        ["id"] = $"ch_{Guid.NewGuid():N}",
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_refunded"] = amountRefunded,
        ["currency"] = "gbp",
        ["payment_intent"] = paymentIntent,
        ["refunded"] = amountRefunded >= amount,
        ["status"] = "succeeded",
    };

    private async Task<IResult> ApiAsync(HttpContext context, Func<Dictionary<string, string>, (int Status, JsonObject Body)> handle)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        requests.Enqueue(new StripeRequest(context.Request.Method, context.Request.Path, key.Length > 0 ? key : null, form,
            context.Request.Headers["Stripe-Version"].ToString()));
        if (context.Request.Headers.Authorization != $"Bearer {SecretKey}")
        {
            return Error(401, "invalid_request_error", null, "Invalid API Key provided.");
        }

        if (Interlocked.Decrement(ref failuresToServe) >= 0)
        {
            return Error(500, "api_error", null, "An unknown error occurred.");
        }

        if (context.Request.Method != "POST" || key.Length == 0)
        {
            var (status, body) = handle(form);
            return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
        }

        var bodyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            context.Request.Path + "?" + string.Join('&', form.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}")))));
        lock (gate)
        {
            if (idempotency.TryGetValue(key, out var saved))
            {
                return saved.BodyHash == bodyHash
                    ? Results.Content(saved.Body, "application/json", statusCode: saved.Status)
                    : Error(400, "idempotency_error", null,
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
            }

            var (status, body) = handle(form);
            idempotency[key] = (bodyHash, status, body.ToJsonString());
            return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
        }
    }

    private (int, JsonObject) CreateSession(Dictionary<string, string> form)
    {
        var now = Clock.GetUtcNow();
        var expiresAt = form.TryGetValue("expires_at", out var e) ? long.Parse(e) : now.AddHours(24).ToUnixTimeSeconds();
        if (expiresAt < now.AddMinutes(30).ToUnixTimeSeconds() || expiresAt > now.AddHours(24).ToUnixTimeSeconds())
        {
            return ErrorBody(400, "invalid_request_error", "parameter_invalid_integer",
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
        }

        foreach (var required in new[] { "mode", "success_url", "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]" })
        {
            if (!form.ContainsKey(required))
            {
                return ErrorBody(400, "invalid_request_error", "parameter_missing", $"Missing required param: {required}.", required);
            }
        }

        var id = $"cs_test_{Guid.NewGuid():N}";
        var metadata = new JsonObject();
        foreach (var (field, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[field["metadata[".Length..^1]] = value;
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]) * long.Parse(form.GetValueOrDefault("line_items[0][quantity]", "1")),
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["created"] = now.ToUnixTimeSeconds(),
            ["currency"] = form["line_items[0][price_data][currency]"],
            ["customer_email"] = form.GetValueOrDefault("customer_email"),
            ["expires_at"] = expiresAt,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["mode"] = form["mode"],
            ["payment_intent"] = null,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = form["success_url"],
            ["url"] = new Uri(BaseUrl, $"c/pay/{id}").ToString(),
        };
        sessions[id] = session;
        return (200, (JsonObject)session.DeepClone());
    }

    private (int, JsonObject) GetSession(string id)
    {
        lock (gate)
        {
            return sessions.TryGetValue(id, out var session)
                ? (200, (JsonObject)session.DeepClone())
                : ErrorBody(404, "invalid_request_error", "resource_missing", $"No such checkout.session: '{id}'", "session");
        }
    }

    private (int, JsonObject) ExpireSession(string id)
    {
        lock (gate)
        {
            if (!sessions.TryGetValue(id, out var session))
            {
                return ErrorBody(404, "invalid_request_error", "resource_missing", $"No such checkout.session: '{id}'", "session");
            }

            if (session["status"]!.GetValue<string>() != "open")
            {
                return ErrorBody(400, "invalid_request_error", null,
                    $"Only Checkout Sessions with a status of `open` can be expired. This Checkout Session has a status of `{session["status"]}`.", null);
            }

            session["status"] = "expired";
            return (200, (JsonObject)session.DeepClone());
        }
    }

    private (int, JsonObject) CreateRefund(Dictionary<string, string> form)
    {
        if (!form.TryGetValue("payment_intent", out var paymentIntent))
        {
            return ErrorBody(400, "invalid_request_error", "parameter_missing", "Missing required param: payment_intent.", "payment_intent");
        }

        var session = sessions.Values.SingleOrDefault(s => s["payment_intent"]?.GetValue<string>() == paymentIntent);
        if (session is null)
        {
            return ErrorBody(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{paymentIntent}'", "payment_intent");
        }

        var total = session["amount_total"]!.GetValue<long>();
        var amount = form.TryGetValue("amount", out var a) ? long.Parse(a) : total;
        var already = refundedByPaymentIntent.GetValueOrDefault(paymentIntent);
        if (already >= total)
        {
            return ErrorBody(400, "invalid_request_error", "charge_already_refunded", "Charge has already been refunded.", null);
        }

        if (already + amount > total)
        {
            return ErrorBody(400, "invalid_request_error", "amount_too_large",
                $"Refund amount ({amount}) is greater than unrefunded amount on charge ({total - already})", "amount");
        }

        refundedByPaymentIntent[paymentIntent] = already + amount;
        var refund = new JsonObject
        {
            ["id"] = $"re_{Guid.NewGuid():N}",
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = $"ch_{paymentIntent[3..]}",
            ["currency"] = session["currency"]!.GetValue<string>(),
            ["payment_intent"] = paymentIntent,
            ["reason"] = form.GetValueOrDefault("reason"),
            ["status"] = "succeeded",
        };
        refunds.Enqueue(refund);
        return (200, (JsonObject)refund.DeepClone());
    }

    private static (int, JsonObject) ErrorBody(int status, string type, string? code, string message, string? param) =>
        (status, new JsonObject
        {
            ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param },
        });

    private static IResult Error(int status, string type, string? code, string message)
    {
        var (_, body) = ErrorBody(status, type, code, message, null);
        return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record StripeRequest(string Method, string Path, string? IdempotencyKey, IReadOnlyDictionary<string, string> Form, string StripeVersion);

public sealed record SignedEvent(string Payload, string Signature)
{
    /// <summary>The POST Stripe makes to the webhook endpoint.</summary>
    public HttpRequestMessage ToRequest() => WebhookRequest(Payload, Signature);

    public static HttpRequestMessage WebhookRequest(string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return request;
    }
}
