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

    /// <summary>Two locks in one round trip, <paramref name="first"/> then <paramref name="second"/>: the statements run in order.</summary>
    public static Task LockAsync(this PortalDb db, string first, string second, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended({first}, 0)); SELECT pg_advisory_xact_lock(hashtextextended({second}, 0))",
            cancellationToken);
}
