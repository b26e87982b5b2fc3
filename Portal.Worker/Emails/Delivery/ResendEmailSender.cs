using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Portal.Worker.Emails.Delivery;

/// <summary>
/// Resend's REST API (<c>POST /emails</c>). The outbox message's key goes in <c>Idempotency-Key</c>, so a retry of
/// an email Resend already took is answered with the original and not sent twice. Retries themselves are the
/// outbox's job (with backoff); the HTTP pipeline adds timeouts and a circuit breaker.
/// </summary>
public sealed class ResendEmailSender(HttpClient http) : IEmailSender
{
    public string Name => "resend";

    public async Task<SendResult> SendAsync(OutgoingEmail email, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "emails") { Content = JsonContent.Create(ResendEmail.Of(email)) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var sent = await response.Content.ReadFromJsonAsync<ResendSent>(cancellationToken);
                return new SendResult.Sent(Name, sent?.Id);
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            var description = $"Resend answered {(int)response.StatusCode} {error?.Name}: {error?.Message}";
            return (response.StatusCode, error?.Name) switch
            {
                // The key was used before with a different body: an email for this message already went out.
                (HttpStatusCode.Conflict, "invalid_idempotent_request") => new SendResult.Sent(Name, null),
                (HttpStatusCode.Conflict, _) => new SendResult.Transient(description, TimeSpan.FromSeconds(5)),
                (HttpStatusCode.TooManyRequests, _) => new SendResult.Transient(description, RetryAfter(response)),
                (>= HttpStatusCode.InternalServerError, _) => new SendResult.Transient(description, RetryAfter(response)),
                _ => new SendResult.Permanent(description),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                              || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendResult.Transient($"Resend could not be reached: {exception.Message}");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private static async Task<ResendError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ResendError>(cancellationToken);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private sealed record ResendEmail(
        string From,
        string[] To,
        string Subject,
        string Html,
        string Text,
        [property: JsonPropertyName("reply_to"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ResendAttachment[]? Attachments,
        ResendTag[] Tags,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Headers)
    {
        public static ResendEmail Of(OutgoingEmail email) => new(
            email.From,
            [Mailbox(email.To)],
            email.Subject,
            email.Html,
            email.Text,
            email.ReplyTo,
            email.Attachments.Count == 0
                ? null
                : [.. email.Attachments.Select(a => new ResendAttachment(a.FileName, Convert.ToBase64String(a.Content), a.ContentType))],
            [new ResendTag("template", email.Template), .. (email.Tags ?? new Dictionary<string, string>()).Select(t => new ResendTag(t.Key, t.Value))],
            email.Headers is { Count: > 0 } ? email.Headers : null);

        private static string Mailbox(EmailRecipient to) => new MimeKit.MailboxAddress(to.Name, to.Address).ToString();
    }

    private sealed record ResendAttachment(
        string Filename, string Content, [property: JsonPropertyName("content_type")] string ContentType);

    private sealed record ResendTag(string Name, string Value);

    private sealed record ResendSent(string? Id);

    private sealed record ResendError(int StatusCode, string? Name, string? Message);
}
