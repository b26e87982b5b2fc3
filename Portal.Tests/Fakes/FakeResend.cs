using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>
/// Resend's <c>POST /emails</c> on a real port, speaking its wire format (see WIRE-FORMATS.md): bearer key,
/// JSON body, <c>Idempotency-Key</c> kept like Resend keeps it (same key and body: the original answer and
/// nothing sent; same key, other body: 409), error bodies <c>{statusCode, name, message}</c>.
/// </summary>
public sealed class FakeResend : IAsyncDisposable
{
    public const string ApiKey = "re_test_fake_key";

    private WebApplication app = null!;
    private readonly ConcurrentDictionary<string, (string BodyHash, string Id)> keys = new();
    private readonly ConcurrentQueue<ReceivedEmail> sent = new();
    private int requests;
    private int replays;
    private int failuresToServe;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Emails actually sent: one per idempotency key, however often it was asked.</summary>
    public IReadOnlyCollection<ReceivedEmail> Sent => sent;

    /// <summary>Every POST that reached the fake whole, failed and replayed ones included.</summary>
    public int Requests => requests;

    /// <summary>Requests answered from the idempotency store without sending.</summary>
    public int Replays => replays;

    /// <summary>Each request before an email is sent waits this long (a slow provider).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set and it returns a message for a recipient, that email is refused with 422.</summary>
    public Func<string, string?>? RefuseRecipient { get; set; }

    /// <summary>The next <paramref name="count"/> requests get 500 application_error.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresToServe, count);

    /// <summary>The next <paramref name="count"/> requests wait (as a frozen sender's would) until <see cref="Release"/>.</summary>
    public void HoldNext(int count) => Interlocked.Exchange(ref requestsToHold, count);

    public void Release() => held.TrySetResult();

    private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private int requestsToHold;

    public static async Task<FakeResend> StartAsync()
    {
        var fake = new FakeResend();
        (fake.app, fake.BaseUrl) = await FakeHttpServer.StartAsync(
            app => app.MapPost("/emails", (Func<HttpContext, Task<IResult>>)fake.ReceiveAsync));
        return fake;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        // A sender killed half-way through its request never reached Resend: only whole requests count.
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        Interlocked.Increment(ref requests);
        if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
        {
            return Error(401, "missing_api_key", "Missing API key in the authorization header.");
        }

        if (Interlocked.Decrement(ref requestsToHold) >= 0)
        {
            await held.Task.WaitAsync(stopping.Token);
        }

        if (Delay > TimeSpan.Zero)
        {
            // Like a real provider, it finishes a request whose sender has gone (only its own shutdown cuts it short).
            await Task.Delay(Delay, stopping.Token);
        }

        if (Interlocked.Decrement(ref failuresToServe) >= 0)
        {
            return Error(500, "application_error", "An unexpected error occurred.");
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return Error(400, "validation_error", "Invalid JSON.");
        }

        foreach (var field in new[] { "from", "to", "subject" })
        {
            if (!json.TryGetProperty(field, out _))
            {
                return Error(422, "missing_required_field", $"Missing `{field}` field.");
            }
        }

        var to = json.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToArray();
        if (to.Select(address => RefuseRecipient?.Invoke(address)).FirstOrDefault(reason => reason is not null) is { } refusal)
        {
            return Error(422, "validation_error", refusal);
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var bodyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var id = Guid.NewGuid().ToString();
        if (key.Length > 0)
        {
            var stored = keys.GetOrAdd(key, (bodyHash, id));
            if (stored.Id != id)
            {
                if (stored.BodyHash != bodyHash)
                {
                    return Error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
                }

                Interlocked.Increment(ref replays);
                return Results.Json(new { id = stored.Id });
            }
        }

        sent.Enqueue(new ReceivedEmail(
            key.Length > 0 ? key : null,
            json.GetProperty("from").GetString()!,
            to,
            json.GetProperty("subject").GetString()!,
            json.TryGetProperty("html", out var html) ? html.GetString() : null,
            json.TryGetProperty("text", out var text) ? text.GetString() : null,
            json.TryGetProperty("attachments", out var attachments)
                ? [.. attachments.EnumerateArray().Select(a => new ReceivedAttachment(
                    a.GetProperty("filename").GetString()!,
                    a.GetProperty("content_type").GetString()!,
                    Convert.FromBase64String(a.GetProperty("content").GetString()!)))]
                : [],
            context.Request.Headers["traceparent"].ToString(),
            json.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
                ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!)
                : null,
            json.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("value").GetString()!)
                : null));
        return Results.Json(new { id });
    }

    private static IResult Error(int status, string name, string message) =>
        Results.Json(new { statusCode = status, name, message }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record ReceivedEmail(
    string? IdempotencyKey, string From, string[] To, string Subject, string? Html, string? Text,
    ReceivedAttachment[] Attachments, string TraceParent,
    IReadOnlyDictionary<string, string>? Headers = null, IReadOnlyDictionary<string, string>? Tags = null);

public sealed record ReceivedAttachment(string FileName, string ContentType, byte[] Content);
