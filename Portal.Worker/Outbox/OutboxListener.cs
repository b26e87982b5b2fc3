using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Worker.Outbox;

/// <summary>
/// LISTENs on the outbox channel so messages go out the moment their transaction commits. If the connection drops
/// it reconnects; meanwhile the dispatcher's polling keeps things moving, just less promptly.
/// </summary>
public sealed class OutboxListener(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, ILogger<OutboxListener> logger)
{
    public async Task ListenAsync(WakeSignal wake, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString());
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, _) => wake.Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxMessage.WakeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                // Anything written while nobody listened is picked up now rather than at the next poll.
                wake.Set();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Lost the outbox notification channel; polling until it is back");
                try
                {
                    await Task.Delay(options.Value.PollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private string ConnectionString()
    {
        using var scope = scopes.CreateScope();
        var configured = scope.ServiceProvider.GetRequiredService<PortalDb>().Database.GetConnectionString();
        // A long-lived idle connection: keepalives notice a dead server instead of waiting forever.
        return new NpgsqlConnectionStringBuilder(configured) { KeepAlive = 30, Pooling = false }.ConnectionString;
    }
}
