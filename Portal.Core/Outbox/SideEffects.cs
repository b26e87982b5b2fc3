using System.Diagnostics;
using System.Text.Json;
using Portal.Core.Data;
using Portal.Core.Notifications;

namespace Portal.Core.Outbox;

/// <summary>
/// Writes outbox messages into the unit of work of the change that causes them: they commit with it or not at all.
/// </summary>
public sealed class SideEffects(PortalDb db, TimeProvider clock)
{
    /// <summary>An email, written as its base type so the template travels with it (the JSON type discriminator).</summary>
    public void Email(EmailRequest email, string deduplicationKey, DateTimeOffset? notBefore = null) =>
        Enqueue(OutboxTypes.Email, email, deduplicationKey, notBefore, email is MagicLinkEmail ? OutboxLanes.SignIn : OutboxLanes.Default);

    public void Enqueue<T>(string type, T payload, string deduplicationKey, DateTimeOffset? notBefore = null, string lane = OutboxLanes.Default)
    {
        if (deduplicationKey.Length > OutboxMessage.MaxKeyLength)
        {
            throw new ArgumentException($"An outbox key is at most {OutboxMessage.MaxKeyLength} characters.", nameof(deduplicationKey));
        }

        // A retried unit of work (the execution strategy replays it) must not owe the same thing twice.
        if (db.OutboxMessages.Local.Any(m => m.DeduplicationKey == deduplicationKey))
        {
            return;
        }

        db.OutboxMessages.Add(OutboxMessage.Create(
            type,
            JsonSerializer.Serialize(payload, OutboxJson.Options),
            deduplicationKey,
            clock.GetUtcNow(),
            notBefore,
            Activity.Current?.Id,
            lane));
    }
}

public static class OutboxJson
{
    /// <summary>jsonb keeps keys in its own order, so a type discriminator may not come first when read back.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
}
