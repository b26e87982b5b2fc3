using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Api.Availability;

/// <summary>
/// After this Api commits anything, its next slot search reads the calendar version instead of trusting the last
/// notice: whoever just booked or cancelled sees it at once. Writes are few next to searches, so this costs one read each.
/// </summary>
public sealed class WritesRaiseDoubt(CalendarVersionWatch watch) : DbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => watch.Doubt();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        watch.Doubt();
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        watch.Doubt();
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        watch.Doubt();
        return ValueTask.FromResult(result);
    }

    // ExecuteUpdate, ExecuteDelete and raw SQL outside a transaction commit as they run.
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        watch.Doubt();
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        watch.Doubt();
        return ValueTask.FromResult(result);
    }
}
