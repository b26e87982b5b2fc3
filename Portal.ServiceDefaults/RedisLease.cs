using System.Diagnostics;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One holder at a time across replicas: a Redis lock taken for a lease, given back on dispose, or freed by the lease
/// running out if its holder dies. Redis failing while taking it is the caller's to judge; failing while giving it
/// back is not (the lease ends it).
/// </summary>
public sealed class RedisLease : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly IDatabase database;
    private readonly string key;
    private readonly string token;

    private RedisLease(IDatabase database, string key, string token)
    {
        this.database = database;
        this.key = key;
        this.token = token;
    }

    /// <summary>The lease, or null when another holder kept it past <paramref name="maxWait"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: until <paramref name="cancellationToken"/>).</summary>
    public static async Task<RedisLease?> TakeAsync(
        IDatabase database, string key, TimeSpan lease, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var waited = Stopwatch.StartNew();
        while (!await database.LockTakeAsync(key, token, lease))
        {
            if (maxWait != Timeout.InfiniteTimeSpan && waited.Elapsed > maxWait)
            {
                return null;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return new RedisLease(database, key, token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await database.LockReleaseAsync(key, token);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The lease ends it.
        }
    }
}
