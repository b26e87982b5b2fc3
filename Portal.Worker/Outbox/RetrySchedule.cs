namespace Portal.Worker.Outbox;

/// <summary>Exponential backoff with jitter, so a recovering provider is not met by every message at the same second.</summary>
public static class RetrySchedule
{
    /// <param name="failedAttempts">Attempts so far, this one included (1 after the first failure).</param>
    /// <param name="providerHint">A provider's Retry-After: never sooner than that.</param>
    public static TimeSpan DelayAfter(int failedAttempts, OutboxOptions options, TimeSpan? providerHint = null, Random? random = null)
    {
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ceiling = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);
        // "Equal jitter": half the delay is kept, the other half is random.
        var delay = TimeSpan.FromMilliseconds(ceiling / 2 + (random ?? Random.Shared).NextDouble() * ceiling / 2);
        return providerHint is { } hint && hint > delay ? hint : delay;
    }
}
