using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

public static class TransactionLocks
{
    /// <summary>
    /// Serialises work on one key (a client, a practice day) until the transaction ends, across every replica.
    /// Bookings take the client's lock before the day's, always in that order, so they never deadlock.
    /// </summary>
    public static Task LockAsync(this PortalDb db, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
}
