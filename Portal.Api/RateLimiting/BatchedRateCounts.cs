using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;

namespace Portal.Api.RateLimiting;

/// <summary>
/// Counts for the rules with <see cref="RateRule.SharedEvery"/>: a request is judged in memory, by the shared count
/// Redis last gave plus what this instance counted since, and the counts go to Redis in one batch every
/// <see cref="RateRule.SharedEvery"/>. Without Redis the counts stay per instance, as the exact rules' fallback does.
/// </summary>
public sealed class BatchedRateCounts(IServiceProvider services, ILogger<BatchedRateCounts> logger) : BackgroundService
{
    private const string AddScript = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[1])
        if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    private readonly IConnectionMultiplexer? redis = services.GetService<IConnectionMultiplexer>();
    private readonly ConcurrentDictionary<string, Tally> tallies = new();
    private long sendEveryTicks = TimeSpan.FromSeconds(1).Ticks;

    public RateDecision Count(string key, RateRule rule)
    {
        // Not more often than every 10 ms, whatever the setting says (zero would send without pause).
        var every = Math.Max(rule.SharedEvery!.Value.Ticks, TimeSpan.FromMilliseconds(10).Ticks);
        if (every < Interlocked.Read(ref sendEveryTicks))
        {
            // Written once per shorter rule, not on every search: a shared write per request would bounce between cores.
            Interlocked.Exchange(ref sendEveryTicks, every);
        }
        var now = Stopwatch.GetTimestamp();
        while (true)
        {
            var tally = tallies.GetOrAdd(key, _ => new Tally(rule));
            lock (tally)
            {
                if (!tally.Forgotten)
                {
                    return CountIn(tally, rule, now);
                }
            }
        }
    }

    /// <summary>Un-counts a request that turned out not to be an attempt; false when the key is not counted here.</summary>
    public bool GiveBack(string key)
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            return false;
        }

        lock (tally)
        {
            tally.Unsent = Math.Max(0, tally.Unsent - 1);
        }

        return true;
    }

    private static RateDecision CountIn(Tally tally, RateRule rule, long now)
    {
        if (now >= tally.WindowEnds && tally.Unsent == 0 && tally.Sending == 0)
        {
            // A window of this instance's own until Redis says how long the shared one has left.
            tally.Shared = 0;
            tally.WindowEnds = now + (long)(rule.Window.TotalSeconds * Stopwatch.Frequency);
        }

        tally.Unsent++;
        return tally.Shared + tally.Sending + tally.Unsent <= rule.PermitLimit
            ? new RateDecision(true, TimeSpan.Zero)
            : new RateDecision(false, Stopwatch.GetElapsedTime(now, Math.Max(now, tally.WindowEnds)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromTicks(Interlocked.Read(ref sendEveryTicks)), stoppingToken);
            try
            {
                await SendAsync();
                Forget();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever it was, the counts stay in memory and go at the next round; the Api goes on serving.
                logger.LogWarning(exception, "Could not send the rate counts to Redis");
            }
        }
    }

    private async Task SendAsync()
    {
        if (redis is not { IsConnected: true })
        {
            // Counted here only until Redis is back: the counts join this instance's own window.
            foreach (var tally in tallies.Values)
            {
                lock (tally)
                {
                    tally.Shared += tally.Unsent;
                    tally.Unsent = 0;
                }
            }

            return;
        }

        var sending = new List<(string Key, Tally Tally, long Count, Task<RedisResult> Answer)>();
        var batch = redis.GetDatabase().CreateBatch();
        foreach (var (key, tally) in tallies)
        {
            long count;
            lock (tally)
            {
                count = tally.Unsent;
                tally.Unsent = 0;
                tally.Sending += count;
            }

            if (count > 0)
            {
                sending.Add((key, tally, count, batch.ScriptEvaluateAsync(AddScript, [key], [count, (long)tally.Rule.Window.TotalMilliseconds])));
            }
        }

        batch.Execute();
        foreach (var (key, tally, count, answer) in sending)
        {
            try
            {
                var result = (RedisResult[])(await answer)!;
                var ttl = Stopwatch.Frequency * Math.Max(0, (long)result[1]) / 1000;
                lock (tally)
                {
                    tally.Shared = (long)result[0];
                    tally.Sending -= count;
                    tally.WindowEnds = Stopwatch.GetTimestamp() + ttl;
                }
            }
            catch (Exception exception)
            {
                lock (tally)
                {
                    tally.Sending -= count;
                    tally.Unsent += count; // counted here still, and sent the next time
                }

                logger.LogWarning(exception, "Redis did not take the counts of {Key}; they are sent again", key);
            }
        }
    }

    /// <summary>Partitions whose window is over and that have nothing to send: addresses do not pile up.</summary>
    private void Forget()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (key, tally) in tallies)
        {
            lock (tally)
            {
                if (tally.Unsent == 0 && tally.Sending == 0 && now >= tally.WindowEnds)
                {
                    tally.Forgotten = true;
                    tallies.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Tally(RateRule rule)
    {
        public RateRule Rule { get; } = rule;

        public long Shared { get; set; }

        public long Unsent { get; set; }

        /// <summary>Sent to Redis, its answer not back yet: still counted here, or a burst during the round trip would pass.</summary>
        public long Sending { get; set; }

        public long WindowEnds { get; set; }

        /// <summary>Removed from the tallies: a request that found it just before must count in a new one.</summary>
        public bool Forgotten { get; set; }
    }
}
