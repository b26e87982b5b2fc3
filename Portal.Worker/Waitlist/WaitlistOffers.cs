using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Waitlist;

namespace Portal.Worker.Waitlist;

/// <summary>
/// Every <see cref="WaitlistOptions.CheckEvery"/>, ends the offers whose hold has run out and offers freed times to
/// the people waiting (<see cref="WaitlistMatcher"/>). Whatever freed the time — a cancellation, a released or expired
/// hold, new hours, a time off removed, an offer not taken — the next pass sees it, so no change needs to remember to
/// tell the waitlist. One replica at a time (a PostgreSQL advisory lock; the others skip that round).
/// </summary>
public sealed partial class WaitlistOffers(
    IServiceScopeFactory scopes, IOptions<WaitlistOptions> options, TimeProvider clock, ILogger<WaitlistOffers> logger) : BackgroundService
{
    private const string LockKey = "waitlist-offers";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery, clock);
        try
        {
            do
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(exception.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; null when another replica is making it.</summary>
    public async Task<WaitlistPass?> PassAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();

        // One connection for the lock and the pass: a session lock belongs to the connection that took it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var held = await ReplicaLocks.TryTakeAsync((NpgsqlConnection)db.Database.GetDbConnection(), LockKey, cancellationToken);
            if (held is null)
            {
                return null;
            }

            var pass = await scope.ServiceProvider.GetRequiredService<WaitlistMatcher>().PassAsync(cancellationToken);
            if (pass.Expired + pass.Offered + pass.Past > 0)
            {
                LogPass(pass.Expired, pass.Offered, pass.Past);
            }

            return pass;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waitlist: {Expired} offers ended, {Offered} times offered, {Past} places past their last day removed")]
    private partial void LogPass(int expired, int offered, int past);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waitlist pass failed ({Error}); the next round tries again")]
    private partial void LogFailed(string error);
}

public static class WaitlistRegistration
{
    public static IHostApplicationBuilder AddWaitlistOffers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WaitlistOffers>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WaitlistOffers>());
        return builder;
    }
}
