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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A replica that died holding the lock frees it when its lease ends: wait that long, and a little more.
            await using var lease = await RedisLease.TakeAsync(
                redis.GetDatabase(), LockKey, LockLease, LockLease + TimeSpan.FromSeconds(2), cancellationToken);
            if (lease is null)
            {
                LogNotChecked("the lock was not released");
                return;
            }

            KeyRingFirstKeyLook.MakeUnlessFound(keys, options.Value, clock.GetUtcNow());
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis away at start: the framework makes its key itself, as it would with one replica.
            LogNotChecked(exception.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the key ring for a first key ({Reason}); this replica makes its own if it finds none")]
    private partial void LogNotChecked(string reason);
}
