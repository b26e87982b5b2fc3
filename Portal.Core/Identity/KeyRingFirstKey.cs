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
/// The Api's and the Worker's replicas make one first key between them (<see cref="KeyRingFirstKeyLook"/>), under a
/// PostgreSQL advisory lock: with a key each, a link one Api protected was "not found in the key ring" by a Worker.
/// </summary>
public sealed partial class KeyRingFirstKey(
    IKeyManager keys, IOptions<KeyManagementOptions> options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<KeyRingFirstKey> logger)
    : IHostedService
{
    private const string LockKey = "data-protection-first-key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var held = await ReplicaLocks.TakeAsync((NpgsqlConnection)db.Database.GetDbConnection(), LockKey, cancellationToken);
            KeyRingFirstKeyLook.MakeUnlessFound(keys, options.Value, clock.GetUtcNow());
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
