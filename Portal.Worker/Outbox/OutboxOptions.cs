namespace Portal.Worker.Outbox;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>Messages handled at once by one Worker (each in its own transaction and connection).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How often to look for due messages when no notification arrives (retries, reminders, a lost LISTEN).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many failed attempts a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 12;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);
}
