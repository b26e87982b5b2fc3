using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Privacy;

namespace Portal.Worker.Outbox;

/// <summary>
/// Does the side effects the outbox holds, lane by lane (sign-in links on their own, never behind a slow batch).
/// A message is claimed with a short lease (<c>FOR UPDATE SKIP LOCKED</c>, committed at once), its side effect runs
/// outside any transaction with a time limit, and its outcome is recorded in a second short transaction by the
/// Worker still holding the lease. A Worker that dies or freezes lets the lease run out and another takes the
/// message over; providers dedupe the repeat by the message's key.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxListener listener,
    WakeSignal wake,
    OutboxOutcomes outcomes,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = listener.ListenAsync(wake, stoppingToken);
        await Task.WhenAll(OutboxLanes.All.Select(lane => RunLaneAsync(lane, stoppingToken)));
        await listening;
    }

    private async Task RunLaneAsync(string lane, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await DrainAsync(lane, stoppingToken);
                await wake.WaitAsync(lane, options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Dispatches every lane's due messages until none is left.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(OutboxLanes.All.Select(lane => DrainAsync(lane, cancellationToken)));

    private async Task DrainAsync(string lane, CancellationToken cancellationToken)
    {
        try
        {
            await outcomes.ReleaseUnsettledAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The outbox cannot be reached yet; trying again at the next poll");
            return;
        }

        var concurrency = lane switch
        {
            OutboxLanes.SignIn => options.Value.SignInConcurrency,
            OutboxLanes.Newsletter => options.Value.NewsletterConcurrency,
            _ => options.Value.Concurrency,
        };
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => DrainOneByOneAsync(lane, cancellationToken)));
    }

    /// <summary>Dispatches due messages one by one until none is left (or the database stops answering).</summary>
    private async Task DrainOneByOneAsync(string lane, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await DispatchNextAsync(lane, cancellationToken))
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

    /// <returns>False when nothing in <paramref name="lane"/> was due.</returns>
    public async Task<bool> DispatchNextAsync(string lane, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        var lease = Guid.NewGuid();
        if (await ClaimAsync(db, lane, lease, cancellationToken) is not { } message)
        {
            return false;
        }

        using var activity = StartActivity(message);
        var handler = scope.ServiceProvider.GetKeyedService<IOutboxHandler>(message.Type);
        try
        {
            if (handler is IDatabaseOutboxHandler)
            {
                await outcomes.RecordAsync(db, message, lease, activity, () => RunAsync(handler, message, db, cancellationToken), cancellationToken);
            }
            else
            {
                var result = handler is null
                    ? new DispatchResult.GiveUp($"No handler for outbox messages of type '{message.Type}'.")
                    : await RunWithTimeLimitAsync(handler, message, db, cancellationToken);
                await outcomes.RecordAsync(db, message, lease, activity, () => Task.FromResult(result), cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The outcome could not be saved (its transaction is gone): count the attempt on its own.
            logger.LogError(exception, "Outbox message {MessageId} failed while saving its result", message.Id);
            await outcomes.RecordFailureAsync(message.Id, lease, exception, cancellationToken);
        }

        return true;
    }

    /// <summary>One statement, committed at once: the oldest due message of the lane whose lease is free.</summary>
    private async Task<OutboxMessage?> ClaimAsync(PortalDb db, string lane, Guid lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.Lease;
        var claimed = await db.OutboxMessages.FromSql($"""
            UPDATE outbox_messages SET locked_until = {until}, lease_id = {lease}
            WHERE id = (
                SELECT id FROM outbox_messages
                WHERE processed_at IS NULL AND dead_lettered_at IS NULL AND lane = {lane}
                  AND next_attempt_at <= {now} AND (locked_until IS NULL OR locked_until <= {now})
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    /// <summary>Outside any transaction, for at most <see cref="OutboxOptions.HandlerTimeout"/>.</summary>
    private async Task<DispatchResult> RunWithTimeLimitAsync(
        IOutboxHandler handler, OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var limit = options.Value.HandlerTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await RunAsync(handler, message, db, timeout.Token).WaitAsync(limit, cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return new DispatchResult.RetryLater($"No outcome within {limit.TotalSeconds:0} seconds.");
        }
    }

    private async Task<DispatchResult> RunAsync(IOutboxHandler handler, OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        try
        {
            return await handler.HandleAsync(message, db, cancellationToken);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            // Retrying cannot mend a payload this code cannot read (damaged, or from a version that is gone).
            return new DispatchResult.GiveUp($"The message's content cannot be read: {exception.Message}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the exception itself: its message may quote an address; its type and stack trace say what broke.
            logger.LogWarning("Outbox handler {Type} threw {Exception} for message {MessageId}: {Error}\n{StackTrace}",
                message.Type, exception.GetType().FullName, message.Id, PersonalData.Redact(exception.Message), exception.StackTrace);
            return new DispatchResult.RetryLater($"{exception.GetType().Name}: {exception.Message}");
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
