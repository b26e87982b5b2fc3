using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Core.Newsletter;

/// <summary>
/// What Resend reports about emails once sent. Each event is kept once by its <c>svix-id</c> (a redelivery changes
/// nothing); a permanent bounce or a spam complaint puts the address on the suppression list.
/// </summary>
public sealed class DeliveryEvents(PortalDb db, TimeProvider clock, ILogger<DeliveryEvents> logger)
{
    /// <returns>What was done, in a few words (for the webhook's answer and the log).</returns>
    public Task<string> ReceiveAsync(string svixId, JsonElement payload, CancellationToken cancellationToken)
    {
        var type = payload.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "unknown";
        var data = payload.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var emailId = String(data, "email_id");
        var issueId = IssueOf(data);
        var suppress = ReasonToSuppress(type, data);
        var recipients = suppress is null ? [] : Recipients(data);

        return db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            // A second delivery of the same event waits here for the first to commit, then inserts nothing.
            var recorded = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO newsletter_delivery_events (svix_id, type, received_at, email_id, issue_id)
                VALUES ({svixId}, {Truncate(type, 40)}, {now}, {Truncate(emailId, DeliveryEvent.MaxIdLength)}, {issueId})
                ON CONFLICT (svix_id) DO NOTHING
                """, cancellationToken);
            if (recorded == 0)
            {
                return $"event {svixId} already recorded";
            }

            foreach (var recipient in recipients)
            {
                var reason = suppress!.Value.ToString();
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO newsletter_suppressions (email_key, reason, at) VALUES ({ContactDetails.EmailKeyOf(recipient)}, {reason}, {now})
                    ON CONFLICT (email_key) DO NOTHING
                    """, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Resend event {SvixId} ({Type}) recorded; {Suppressed} address(es) suppressed", svixId, type, recipients.Count);
            return recipients.Count > 0 ? $"{type}: {recipients.Count} address(es) suppressed" : $"{type} recorded";
        });
    }

    /// <summary>Hard bounces and complaints only: a soft bounce (a full mailbox) may pass.</summary>
    private static SuppressionReason? ReasonToSuppress(string type, JsonElement data) => type switch
    {
        "email.complained" => SuppressionReason.Complaint,
        "email.bounced" when data.ValueKind == JsonValueKind.Object && data.TryGetProperty("bounce", out var bounce)
            && String(bounce, "type") is { } kind && !kind.Equals("Permanent", StringComparison.OrdinalIgnoreCase) => null,
        "email.bounced" => SuppressionReason.HardBounce,
        _ => null,
    };

    private static List<string> Recipients(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("to", out var to)
            ? to.ValueKind switch
            {
                JsonValueKind.Array => [.. to.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => Address(e.GetString()!))
                    .Where(a => a.Length is > 0 and <= Subscriber.MaxEmailLength)],
                JsonValueKind.String => [Address(to.GetString()!)],
                _ => [],
            }
            : [];

    /// <summary>"Jo &lt;jo@example.com&gt;" or "jo@example.com" → the address.</summary>
    private static string Address(string mailbox) =>
        mailbox.LastIndexOf('<') is var open and >= 0 && mailbox.IndexOf('>', open) is var close and > 0
            ? mailbox[(open + 1)..close].Trim()
            : mailbox.Trim();

    /// <summary>Newsletters carry an <c>issue</c> tag; Resend echoes tags as a list of {name, value} (or, in some SDKs, an object).</summary>
    private static Guid? IssueOf(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("tags", out var tags))
        {
            return null;
        }

        var value = tags.ValueKind switch
        {
            JsonValueKind.Array => tags.EnumerateArray().Where(t => String(t, "name") == NewsletterTags.Issue).Select(t => String(t, "value")).FirstOrDefault(),
            JsonValueKind.Object => String(tags, NewsletterTags.Issue),
            _ => null,
        };
        return Guid.TryParse(value, out var issue) ? issue : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

/// <summary>The tags newsletters carry to Resend, so its events can be counted per issue.</summary>
public static class NewsletterTags
{
    public const string Issue = "issue";
}
