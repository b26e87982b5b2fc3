using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Portal.Core.Bookings;

/// <summary>The database-side guards every change to the calendar goes through.</summary>
internal static class CalendarGuards
{
    public static string PracticeDayKey(NodaTime.LocalDate day) => $"practice-day:{day:yyyy-MM-dd}";

    /// <summary>The exclusion constraint refused an overlap: someone else holds that time.</summary>
    public static bool IsOverlapRefusal(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };
}
