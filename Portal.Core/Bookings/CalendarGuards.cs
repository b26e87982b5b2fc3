using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Core.Bookings;

/// <summary>The database-side guards every change to the calendar goes through.</summary>
internal static class CalendarGuards
{
    /// <summary>
    /// Serialises work on one key (a client, a practice day) until the transaction ends.
    /// Callers take the client's lock before the day's, always in that order, so they never deadlock.
    /// </summary>
    public static Task LockAsync(this PortalDb db, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);

    public static string PracticeDayKey(NodaTime.LocalDate day) => $"practice-day:{day:yyyy-MM-dd}";

    /// <summary>The exclusion constraint refused an overlap: someone else holds that time.</summary>
    public static bool IsOverlapRefusal(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };
}
