namespace Portal.Core.Outbox;

/// <summary>
/// A side effect owed to the world (an email, a notification, a calendar event), written in the same transaction
/// as the change that caused it, and done later by the Worker until it succeeds or runs out of attempts.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>What to do: the handler that does it is found by this name (<see cref="OutboxTypes"/>).</summary>
    public string Type { get; private set; } = "";

    /// <summary>JSON; everything the handler needs, so the message means the same whenever it runs.</summary>
    public string Payload { get; private set; } = "";

    /// <summary>Unique: one side effect is written once, and providers that take an idempotency key get this one.</summary>
    public string DeduplicationKey { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Not before this time: the first attempt (a reminder waits for its day), then each retry.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    /// <summary>Set after the last attempt failed: nobody retries until the therapist asks.</summary>
    public DateTimeOffset? DeadLetteredAt { get; private set; }

    /// <summary>Which of the Worker's queues takes it: sign-in links have their own, so nothing slow holds them back.</summary>
    public string Lane { get; private set; } = OutboxLanes.Default;

    /// <summary>
    /// While set and in the future, one Worker is doing it (no transaction is held meanwhile). A Worker that dies or
    /// freezes lets the lease run out, and another takes the message; providers dedupe the repeat by its key.
    /// </summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>Names the claim: only the Worker holding this lease may record the outcome.</summary>
    public Guid? LeaseId { get; private set; }

    /// <summary>The W3C trace context of the request that wrote it, so the Worker's work joins the same trace.</summary>
    public string? TraceParent { get; private set; }

    public static OutboxMessage Create(
        string type, string payload, string deduplicationKey, DateTimeOffset now, DateTimeOffset? notBefore, string? traceParent,
        string lane = OutboxLanes.Default) => new()
    {
        Type = type,
        Lane = lane,
        Payload = payload,
        DeduplicationKey = deduplicationKey,
        CreatedAt = now.ToUniversalTime(),
        NextAttemptAt = (notBefore ?? now).ToUniversalTime(),
        TraceParent = traceParent,
    };

    /// <param name="spentPayload">The payload to keep from now on, when the one sent carried a secret that is spent (a link's token).</param>
    public void Succeeded(DateTimeOffset now, string? spentPayload = null)
    {
        EndLease();
        Attempts++;
        ProcessedAt = now;
        LastError = null;
        Payload = spentPayload ?? Payload;
    }

    public void Failed(string error, DateTimeOffset retryAt)
    {
        EndLease();
        Attempts++;
        LastError = Truncate(error);
        NextAttemptAt = retryAt;
    }

    /// <summary>Waits for someone to act (a service to be reconnected); not an attempt, so it never runs out.</summary>
    public void Postpone(string reason, DateTimeOffset retryAt)
    {
        EndLease();
        LastError = Truncate(reason);
        NextAttemptAt = retryAt;
    }

    public void DeadLetter(string error, DateTimeOffset now)
    {
        EndLease();
        Attempts++;
        LastError = Truncate(error);
        DeadLetteredAt = now;
    }

    /// <summary>The therapist asked for another go: a fresh round of attempts, starting now.</summary>
    public void Revive(DateTimeOffset now)
    {
        EndLease();
        DeadLetteredAt = null;
        Attempts = 0;
        NextAttemptAt = now;
    }

    private void EndLease()
    {
        LockedUntil = null;
        LeaseId = null;
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    public const int MaxErrorLength = 2000;

    /// <summary>A trigger (made by the migration) notifies this channel when a transaction that wrote messages commits.</summary>
    public const string WakeChannel = "outbox_messages";

    public const int MaxKeyLength = 200;
}
