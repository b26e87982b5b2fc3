using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Erasure;
using Portal.Core.Privacy;

namespace Portal.Worker.Privacy;

/// <summary>
/// Every <see cref="RetentionPeriods.Every"/>, deletes what is past its retention period (<see cref="RetentionPeriods"/>)
/// in batches of <see cref="RetentionPeriods.BatchSize"/>, one short statement each, so no row or table stays locked
/// for long. Of several Worker replicas one purges at a time (a PostgreSQL advisory lock; the others skip that round).
/// </summary>
public sealed partial class RetentionPurge(
    IServiceScopeFactory scopes,
    IOptions<RetentionPeriods> options,
    TimeProvider clock,
    ILogger<RetentionPurge> logger) : BackgroundService
{
    private const string LockKey = "retention-purge";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Every, clock);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next round tries again (a database away for a while, a deadlock victim).
                    LogFailed(exception.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: every kind, batch after batch until none is left; null when another replica is purging.</summary>
    public async Task<RetentionPurged?> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        var periods = options.Value;
        var now = clock.GetUtcNow();

        // One connection for the lock and the deletes: a session lock belongs to the connection that took it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var held = await ReplicaLocks.TryTakeAsync((NpgsqlConnection)db.Database.GetDbConnection(), LockKey, cancellationToken);
            if (held is null)
            {
                LogAnotherReplica();
                return null;
            }

            var unconfirmedHolds = await InBatchesAsync(
                () => RetentionPeriods.UnconfirmedHoldsPast(db, now).OrderBy(p => p.ExpiresAt), periods.BatchSize, cancellationToken);
            var purged = new RetentionPurged(
                await InBatchesAsync(() => periods.SentOutboxPast(db, now).OrderBy(m => m.ProcessedAt), periods.BatchSize, cancellationToken),
                await InBatchesAsync(() => periods.SignInLinksPast(db, now).OrderBy(l => l.Id), periods.BatchSize, cancellationToken),
                await InBatchesAsync(() => periods.EndedSessionsPast(db, now).OrderBy(s => s.Id), periods.BatchSize, cancellationToken),
                await InBatchesAsync(() => periods.SignInEventsPast(db, now).OrderBy(e => e.At), periods.BatchSize, cancellationToken),
                await InBatchesAsync(() => periods.StripeEventsPast(db, now).OrderBy(e => e.ReceivedAt), periods.BatchSize, cancellationToken),
                unconfirmedHolds,
                await InBatchesAsync(() => RetentionPeriods.DataExportsPast(db, now).OrderBy(e => e.ExpiresAt), periods.BatchSize, cancellationToken),
                await ErasedClientsAsync(db, now, periods.BatchSize, cancellationToken));
            LogPurged(purged.SentOutbox, purged.SignInLinks, purged.EndedSessions, purged.SignInEvents, purged.StripeEvents, purged.UnconfirmedHolds,
                purged.DataExports, purged.ErasedClients);
            return purged;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Erased clients whose kept records are past <c>Privacy:ClinicalRetentionYears</c>: each in its own transaction.</summary>
    private static async Task<int> ErasedClientsAsync(PortalDb db, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        List<Guid> due;
        do
        {
            due = await KeptRecords.ErasedClientsPast(db, now).Take(batchSize).ToListAsync(cancellationToken);
            foreach (var clientId in due)
            {
                await KeptRecords.DeleteAsync(db, clientId, cancellationToken);
            }

            total += due.Count;
        }
        while (due.Count == batchSize);

        return total;
    }

    private static async Task<int> InBatchesAsync<T>(Func<IQueryable<T>> past, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await past().Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Retention purge: {SentOutbox} sent outbox messages, {SignInLinks} sign-in links, {EndedSessions} ended sessions, " +
        "{SignInEvents} sign-in events, {StripeEvents} Stripe event records, {UnconfirmedHolds} unconfirmed held bookings, " +
        "{DataExports} expired data exports, {ErasedClients} erased clients' kept records deleted")]
    private partial void LogPurged(
        int sentOutbox, int signInLinks, int endedSessions, int signInEvents, int stripeEvents, int unconfirmedHolds, int dataExports, int erasedClients);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge skipped: another Worker is purging")]
    private partial void LogAnotherReplica();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed ({Error}); the next round tries again")]
    private partial void LogFailed(string error);
}

/// <summary>How many rows of each kind one round deleted.</summary>
/// <param name="UnconfirmedHolds">Guest bookings whose address never confirmed them, their session started.</param>
/// <param name="DataExports">Copies of a client's data past their 7 days.</param>
/// <param name="ErasedClients">Erased clients whose records kept by law reached the end of their retention.</param>
public sealed record RetentionPurged(
    int SentOutbox, int SignInLinks, int EndedSessions, int SignInEvents, int StripeEvents, int UnconfirmedHolds = 0, int DataExports = 0,
    int ErasedClients = 0);

public static class RetentionRegistration
{
    public static IHostApplicationBuilder AddRetentionPurge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionPeriods>().Bind(builder.Configuration.GetSection(RetentionPeriods.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RetentionPeriods>, RetentionPeriodsCheck>();
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionPurge>());
        return builder;
    }

    private sealed class RetentionPeriodsCheck : IValidateOptions<RetentionPeriods>
    {
        public ValidateOptionsResult Validate(string? name, RetentionPeriods options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
