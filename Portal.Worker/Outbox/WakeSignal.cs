namespace Portal.Worker.Outbox;

/// <summary>Many "there is work" pings become one wake-up; a ping while awake is kept for the next wait.</summary>
public sealed class WakeSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Set()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: one wake-up is enough.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
