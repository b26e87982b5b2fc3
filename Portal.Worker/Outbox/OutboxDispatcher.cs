using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Worker.Outbox;

/// <summary>
/// Does the side effects the outbox holds. Each message is claimed with <c>FOR UPDATE SKIP LOCKED</c> in its own
/// transaction, which stays open while its handler runs: replicas never take the same message, and a Worker that
/// dies mid-message leaves it owed (the transaction rolls back) — providers dedupe the repeat by the message's key.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxListener listener,
    WakeSignal wake,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = listener.ListenAsync(wake, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await DrainAsync(stoppingToken);
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await listening;
    }

    /// <summary>Dispatches due messages, <see cref="OutboxOptions.Concurrency"/> at a time, until none is left.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => DrainOneByOneAsync(cancellationToken)));

    /// <summary>Dispatches due messages one by one until none is left (or the database stops answering).</summary>
    private async Task DrainOneByOneAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await DispatchNextAsync(cancellationToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The outbox could not be read or updated; trying again at the next poll");
                return;
            }
        }
    }

    /// <returns>False when nothing was due.</returns>
    public async Task<bool> DispatchNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        Guid? claimedId = null;
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow();
                var claimed = await db.OutboxMessages.FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE processed_at IS NULL AND dead_lettered_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                    """).ToListAsync(cancellationToken);
                if (claimed is not [var message])
                {
                    return false;
                }

                claimedId = message.Id;
                await DispatchAsync(message, db, scope.ServiceProvider, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            });
        }
        catch (Exception exception) when (claimedId is { } id && !cancellationToken.IsCancellationRequested)
        {
            // The handler's work could not be saved (its transaction is gone): count the attempt on its own.
            logger.LogError(exception, "Outbox message {MessageId} failed while saving its result", id);
            await RecordFailureAsync(id, exception, cancellationToken);
            return true;
        }
    }

    private async Task DispatchAsync(OutboxMessage message, PortalDb db, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(message);
        var result = await HandleAsync(message, db, services, cancellationToken);
        var now = clock.GetUtcNow();
        switch (result)
        {
            case DispatchResult.Done done:
                metrics.Done(message.Type, now - message.NextAttemptAt);
                message.Succeeded(now);
                if (done.Note is not null)
                {
                    logger.LogInformation("Outbox message {MessageId} ({Type}): {Note}", message.Id, message.Type, done.Note);
                }

                break;

            case DispatchResult.RetryLater retry:
                ForgetHandlerWork(db, message);
                Fail(message, retry.Error, retry.After, now);
                activity?.SetStatus(ActivityStatusCode.Error, retry.Error);
                break;

            case DispatchResult.GiveUp giveUp:
                ForgetHandlerWork(db, message);
                Fail(message, giveUp.Error, retryAfter: null, now, giveUp: true);
                activity?.SetStatus(ActivityStatusCode.Error, giveUp.Error);
                break;
        }
    }

    private async Task<DispatchResult> HandleAsync(
        OutboxMessage message, PortalDb db, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IOutboxHandler>(message.Type) is not { } handler)
        {
            return new DispatchResult.GiveUp($"No handler for outbox messages of type '{message.Type}'.");
        }

        try
        {
            return await handler.HandleAsync(message, db, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Outbox handler {Type} threw for message {MessageId}", message.Type, message.Id);
            return new DispatchResult.RetryLater($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Schedules the next attempt with backoff, or dead-letters the message when none is left (or none can help).</summary>
    private void Fail(OutboxMessage message, string error, TimeSpan? retryAfter, DateTimeOffset now, bool giveUp = false)
    {
        if (!giveUp && message.Attempts + 1 < options.Value.MaxAttempts)
        {
            var delay = RetrySchedule.DelayAfter(message.Attempts + 1, options.Value, retryAfter);
            message.Failed(error, now + delay);
            metrics.Failed(message.Type, dead: false);
            logger.LogWarning("Outbox message {MessageId} ({Type}) failed attempt {Attempt}, retrying in {Delay}: {Error}",
                message.Id, message.Type, message.Attempts, delay, error);
            return;
        }

        message.DeadLetter(error, now);
        metrics.Failed(message.Type, dead: true);
        logger.LogError("Outbox message {MessageId} ({Type}) dead-lettered after {Attempts} attempt(s): {Error}",
            message.Id, message.Type, message.Attempts, error);
    }

    /// <summary>A failed handler's half-done database work must not commit with the failure record.</summary>
    private static void ForgetHandlerWork(PortalDb db, OutboxMessage message)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity != message).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private async Task RecordFailureAsync(Guid id, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
            var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (message is null || message.ProcessedAt is not null || message.DeadLetteredAt is not null)
            {
                return;
            }

            Fail(message, $"{exception.GetType().Name}: {exception.GetBaseException().Message}", retryAfter: null, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception recordError) when (!cancellationToken.IsCancellationRequested)
        {
            // The message stays owed as it was and is tried again at its due time.
            logger.LogError(recordError, "Could not record the failure of outbox message {MessageId}", id);
        }
    }

    /// <summary>A child of the request that wrote the message, so one trace shows the booking and its emails.</summary>
    private static Activity? StartActivity(OutboxMessage message)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        var activity = OutboxMetrics.Tracing.StartActivity($"outbox {message.Type}", ActivityKind.Consumer, parent);
        activity?.SetTag("outbox.message_id", message.Id);
        activity?.SetTag("outbox.type", message.Type);
        activity?.SetTag("outbox.attempt", message.Attempts + 1);
        return activity;
    }
}
