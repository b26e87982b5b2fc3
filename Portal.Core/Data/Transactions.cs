using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits when it returns. A transient failure replays the whole
    /// unit (the retrying execution strategy refuses transactions begun outside it); the tracker is cleared first, so a
    /// replay starts from what the database holds.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this PortalDb db, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await transaction.CommitAsync(cancellationToken);
            return result;
        });

    public static Task InTransactionAsync(this PortalDb db, Func<Task> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
