namespace Portal.Worker.Outbox;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>Messages of the default lane handled at once by one Worker.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Sign-in links handled at once by one Worker, on their own lane.</summary>
    public int SignInConcurrency { get; set; } = 2;

    /// <summary>Newsletter emails handled at once by one Worker, on their own lane (and throttled by <c>Newsletter:PerMinute</c>).</summary>
    public int NewsletterConcurrency { get; set; } = 4;

    /// <summary>How often to look for due messages when no notification arrives (retries, reminders, a lost LISTEN).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most one attempt may take (a provider that does not answer); then it counts as failed.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a claimed message stays the claimant's. Longer than <see cref="HandlerTimeout"/>: only a Worker that
    /// died or froze lets it run out, and then another takes the message over.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>After this many failed attempts a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 12;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);
}
