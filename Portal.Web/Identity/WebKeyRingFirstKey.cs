using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Portal.Web.Identity;

/// <summary>
/// The Web's replicas make one first key between them (<see cref="KeyRingFirstKeyLook"/>), under a Redis lock: with a
/// key each, a form or a status message one replica protected was turned away by the other.
/// </summary>
public sealed partial class WebKeyRingFirstKey(
    IKeyManager keys, IOptions<KeyManagementOptions> options, IConnectionMultiplexer redis, TimeProvider clock, ILogger<WebKeyRingFirstKey> logger)
    : IHostedService
{
    public const string LockKey = WebDataProtection.KeyRingKey + ":first-key-lock";

    /// <summary>How long a replica that died holding the lock keeps the others waiting.</summary>
    private static readonly TimeSpan LockLease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        try
        {
            var waited = Stopwatch.StartNew();
            while (!await database.LockTakeAsync(LockKey, token, LockLease))
            {
                // A replica that died holding the lock frees it when its lease ends: wait that long, and a little more.
                if (waited.Elapsed > LockLease + TimeSpan.FromSeconds(2))
                {
                    LogNotChecked("the lock was not released");
                    return;
                }

                await Task.Delay(Poll, cancellationToken);
            }

            try
            {
                KeyRingFirstKeyLook.MakeUnlessFound(keys, options.Value, clock.GetUtcNow());
            }
            finally
            {
                await ReleaseAsync(database, token);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis away at start: the framework makes its key itself, as it would with one replica.
            LogNotChecked(exception.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task ReleaseAsync(IDatabase database, string token)
    {
        try
        {
            await database.LockReleaseAsync(LockKey, token);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The lease ends it.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the key ring for a first key ({Reason}); this replica makes its own if it finds none")]
    private partial void LogNotChecked(string reason);
}
