using Npgsql;
using Portal.Core.Data;

namespace Portal.Api.Infrastructure;

/// <summary>
/// Once a request has found PostgreSQL out of reach and a direct probe confirms it, the requests still waiting for it
/// are let go and every request is answered 503 at once (instead of each waiting out a connect timeout), until a probe
/// reaches the database again, about a second after it is back. A full connection pool under a booking storm never
/// trips it: the probe goes around the pool.
/// </summary>
public sealed class DatabaseWatch(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<DatabaseWatch> logger)
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);
    private int probing;
    private CancellationTokenSource away = new();

    public bool IsAway { get; private set; }

    /// <summary>Cancelled when the database is found away: requests waiting on it stop waiting.</summary>
    public CancellationToken AwayToken => away.Token;

    /// <summary>A request could not reach the database: find out whether it is away, and watch until it is back.</summary>
    public void Suspect()
    {
        if (Interlocked.Exchange(ref probing, 1) == 0)
        {
            _ = WatchAsync(lifetime.ApplicationStopping);
        }
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested && !await ReachableAsync(stopping))
            {
                if (!IsAway)
                {
                    logger.LogWarning("The database is away: answering 503 at once until it is back");
                    IsAway = true;
                    await away.CancelAsync();
                }

                await Task.Delay(ProbeEvery, stopping);
            }

            if (IsAway)
            {
                logger.LogInformation("The database is back");
                away = new CancellationTokenSource();
                IsAway = false;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Exchange(ref probing, 0);
        }
    }

    private async Task<bool> ReachableAsync(CancellationToken stopping)
    {
        var probe = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(PortalDbRegistration.ConnectionName))
        {
            Pooling = false,
            Timeout = 2,
        };
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(limit.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(limit.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException && !stopping.IsCancellationRequested)
        {
            return false;
        }
    }
}

public static class DatabaseWatchMiddleware
{
    public static WebApplication UseDatabaseWatch(this WebApplication app)
    {
        var watch = app.Services.GetRequiredService<DatabaseWatch>();
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }

            if (!watch.IsAway)
            {
                var aborted = http.RequestAborted;
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(aborted, watch.AwayToken);
                http.RequestAborted = waiting.Token;
                try
                {
                    await next(http);
                }
                finally
                {
                    http.RequestAborted = aborted;
                }

                return;
            }

            http.Response.Headers.RetryAfter = DatabaseAway.RetryAfterSeconds;
            await http.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, DatabaseAway.Title, DatabaseAway.Detail, DatabaseAway.Type);
        });
        return app;
    }
}
