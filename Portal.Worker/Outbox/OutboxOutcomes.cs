using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Privacy;

namespace Portal.Worker.Outbox;

/// <summary>
/// Records what came of a claimed message, in one short transaction, and only while the claim's lease is still the
/// one on the row: a message taken over (its lease ran out) or withdrawn (a reminder of a cancelled booking) meanwhile
/// is left as the other party left it.
/// </summary>
public sealed class OutboxOutcomes(
    IServiceScopeFactory scopes,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxOutcomes> logger)
{
    public Task RecordAsync(
        PortalDb db, OutboxMessage claimed, Guid lease, Activity? activity, Func<Task<DispatchResult>> decide, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await HeldAsync(db, claimed.Id, lease, cancellationToken) is not { } message)
            {
                logger.LogWarning("Outbox message {MessageId} ({Type}) was taken over or withdrawn while it was being done; its outcome is not recorded",
                    claimed.Id, claimed.Type);
                return;
            }

            var result = await decide();
            var note = (result as DispatchResult.Done)?.Note;
            if (result is DispatchResult.Done { Then: { } then })
            {
                note = await then(cancellationToken) ?? note;
            }

            Apply(db, message, result, note, activity);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    /// <summary>The outcome itself could not be saved: count the attempt, in a transaction of its own.</summary>
    public async Task RecordFailureAsync(Guid id, Guid lease, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (await HeldAsync(db, id, lease, cancellationToken) is not { } message)
                {
                    return;
                }

                Fail(message, $"{exception.GetType().Name}: {exception.GetBaseException().Message}", retryAfter: null, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
        }
        catch (Exception recordError) when (!cancellationToken.IsCancellationRequested)
        {
            // The message stays owed. Its lease is given back as soon as the database answers again (rather than when
            // it runs out), and the message is done again; the provider dedupes the repeat by its key.
            logger.LogError(recordError, "Could not record the failure of outbox message {MessageId}", id);
            unsettled[id] = lease;
        }
    }

    /// <summary>Gives back the leases of messages whose outcome could not be recorded (the database was away).</summary>
    public async Task ReleaseUnsettledAsync(CancellationToken cancellationToken)
    {
        if (unsettled.IsEmpty)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        foreach (var (id, lease) in unsettled)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outbox_messages SET locked_until = NULL, lease_id = NULL WHERE id = {id} AND lease_id = {lease}", cancellationToken);
            unsettled.TryRemove(id, out _);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> unsettled = new();

    private static Task<OutboxMessage?> HeldAsync(PortalDb db, Guid id, Guid lease, CancellationToken cancellationToken) =>
        db.OutboxMessages.FromSql($"""
            SELECT * FROM outbox_messages
            WHERE id = {id} AND lease_id = {lease} AND processed_at IS NULL AND dead_lettered_at IS NULL
            FOR UPDATE
            """).SingleOrDefaultAsync(cancellationToken);

    private void Apply(PortalDb db, OutboxMessage message, DispatchResult result, string? note, Activity? activity)
    {
        var now = clock.GetUtcNow();
        switch (result)
        {
            case DispatchResult.Done done:
                metrics.Done(message.Type, now - message.NextAttemptAt);
                message.Succeeded(now, done.SpentPayload);
                if (note is not null)
                {
                    logger.LogInformation("Outbox message {MessageId} ({Type}): {Note}", message.Id, message.Type, PersonalData.Redact(note));
                }

                break;

            case DispatchResult.RetryLater retry:
                ForgetHandlerWork(db, message);
                Fail(message, retry.Error, retry.After, now);
                activity?.SetStatus(ActivityStatusCode.Error, PersonalData.Redact(retry.Error));
                break;

            case DispatchResult.Wait wait:
                ForgetHandlerWork(db, message);
                message.Postpone(PersonalData.Redact(wait.Reason), now + wait.After);
                logger.LogInformation("Outbox message {MessageId} ({Type}) waits until {At}: {Reason}",
                    message.Id, message.Type, now + wait.After, PersonalData.Redact(wait.Reason));
                break;

            case DispatchResult.GiveUp giveUp:
                ForgetHandlerWork(db, message);
                Fail(message, giveUp.Error, retryAfter: null, now, giveUp: true);
                activity?.SetStatus(ActivityStatusCode.Error, PersonalData.Redact(giveUp.Error));
                break;
        }
    }

    /// <summary>Schedules the next attempt with backoff, or dead-letters the message when none is left (or none can help).</summary>
    private void Fail(OutboxMessage message, string error, TimeSpan? retryAfter, DateTimeOffset now, bool giveUp = false)
    {
        // Stored for the admin page and logged: a provider's refusal may quote the recipient.
        error = PersonalData.Redact(error);
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
}
