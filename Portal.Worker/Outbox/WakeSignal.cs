using Portal.Core.Outbox;

namespace Portal.Worker.Outbox;

/// <summary>
/// "There is work" for every lane: many pings become one wake-up per lane, and a ping while a lane is awake is kept
/// for its next wait.
/// </summary>
public sealed class WakeSignal
{
    private readonly Dictionary<string, SemaphoreSlim> lanes = OutboxLanes.All.ToDictionary(lane => lane, _ => new SemaphoreSlim(0, 1));

    public void Set()
    {
        foreach (var signal in lanes.Values)
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
    }

    public Task<bool> WaitAsync(string lane, TimeSpan timeout, CancellationToken cancellationToken) =>
        lanes[lane].WaitAsync(timeout, cancellationToken);
}
