using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Portal.Api.RateLimiting;

public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Fixed-window limits shared by every Api replica through Redis (one atomic INCR + PEXPIRE script per check).
/// When Redis is unreachable the Api keeps serving under in-memory limits of the same size, per replica.
/// </summary>
public sealed class SharedRateLimiter(
    IServiceProvider services, IOptionsMonitor<RateRules> rules, BatchedRateCounts batched, ILogger<SharedRateLimiter> logger)
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    private readonly IConnectionMultiplexer? redis = services.GetService<IConnectionMultiplexer>();
    // One partitioned limiter per rule: it drops partitions that have gone idle, so addresses do not pile up.
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> local = new();

    private const string GiveBackScript = """
        if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then redis.call('DECR', KEYS[1]) end
        return 0
        """;

    public async ValueTask<RateDecision> TryAcquireAsync(string ruleName, RateRule rule, string partition)
    {
        var key = KeyOf(ruleName, partition);
        if (rule.SharedEvery is not null)
        {
            return batched.Count(key, rule);
        }

        if (redis is { IsConnected: true })
        {
            try
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                    Script, [key], [(long)rule.Window.TotalMilliseconds]))!;
                var count = (long)result[0];
                var ttl = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
                return new RateDecision(count <= rule.PermitLimit, count <= rule.PermitLimit ? TimeSpan.Zero : ttl);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Redis did not answer the rate limit check; limiting in memory");
            }
        }

        return AcquireLocally(ruleName, rule, key);
    }

    /// <summary>
    /// Un-counts an attempt that turned out not to be one (a form sent back with what to fix). Shared counts only: the
    /// in-memory fallback keeps what it counted, which errs on the strict side while Redis is away.
    /// </summary>
    public async ValueTask GiveBackAsync(string ruleName, string partition)
    {
        if (batched.GiveBack(KeyOf(ruleName, partition)) || redis is not { IsConnected: true })
        {
            return;
        }

        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(GiveBackScript, [KeyOf(ruleName, partition)]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Redis did not answer; an attempt stays counted");
        }
    }

    // Partitions can be email addresses: only their hash leaves the process.
    private string KeyOf(string ruleName, string partition) =>
        $"{rules.CurrentValue.KeyPrefix}:rate:{ruleName}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)))[..32]}";

    private RateDecision AcquireLocally(string ruleName, RateRule rule, string key)
    {
        var limiter = local.GetOrAdd(ruleName, _ => PartitionedRateLimiter.Create<string, string>(partition =>
            RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired
            ? new RateDecision(true, TimeSpan.Zero)
            : new RateDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : rule.Window);
    }
}
