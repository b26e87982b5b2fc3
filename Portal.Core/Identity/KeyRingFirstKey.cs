using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Core.Identity;

/// <summary>
/// Replicas that start together on an empty key ring would each make a first key of their own (the framework makes one
/// at start when it finds none), and each knows only the keys it has read: a link one Api protected was "not found in the
/// key ring" by a Worker until it read the ring again a day later. So one replica at a time (a PostgreSQL advisory lock)
/// looks before the framework does, and only the first makes the key; the others find it.
/// </summary>
public sealed partial class KeyRingFirstKey(
    IKeyManager keys, IOptions<KeyManagementOptions> options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<KeyRingFirstKey> logger)
    : IHostedService
{
    private const string LockKey = "data-protection-first-key";

    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var held = await ReplicaLocks.TakeAsync((NpgsqlConnection)db.Database.GetDbConnection(), LockKey, cancellationToken);
            var now = clock.GetUtcNow();
            // A key another replica made a moment ago may start a little later by this clock: the framework allows
            // five minutes of skew between servers, and so does this look.
            if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now + MaxClockSkew && key.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException
            or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException)
        {
            // The database away at start: the framework makes its key itself, as it would with one replica.
            LogNotChecked(exception.GetType().Name);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the key ring for a first key ({Error}); this replica makes its own if it finds none")]
    private partial void LogNotChecked(string error);
}
