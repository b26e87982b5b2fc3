using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Utility;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core.Availability;

/// <summary>
/// Which booked sessions would fall outside her hours if she changed them. Such sessions are kept (a client was told
/// the time); she is only told which they are, before she saves.
/// </summary>
public static class HoursCoverage
{
    /// <summary>Upcoming sessions that start or end outside <paramref name="weekly"/> as changed by <paramref name="exceptions"/>.</summary>
    public static async Task<IReadOnlyList<Booking>> OutsideAsync(
        PortalDb db, IReadOnlyCollection<WorkingHours> weekly, IReadOnlyCollection<AvailabilityException> exceptions,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var zone = DateTimeZoneProviders.Tzdb[settings.TimeZone];
        var upcoming = await db.Bookings.AsNoTracking().Include(b => b.Client).Include(b => b.SessionType)
            .Where(b => Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now)
            .OrderBy(b => b.StartsAt).ToListAsync(cancellationToken);
        return [.. upcoming.Where(b => !Covered(b, zone, weekly, exceptions))];
    }

    public static bool Covered(
        Booking booking, DateTimeZone zone, IReadOnlyCollection<WorkingHours> weekly, IReadOnlyCollection<AvailabilityException> exceptions)
    {
        var start = Instant.FromDateTimeOffset(booking.StartsAt).InZone(zone).LocalDateTime;
        var end = Instant.FromDateTimeOffset(booking.EndsAt).InZone(zone).LocalDateTime;
        var date = DateOnly.FromDateTime(start.Date.ToDateTimeUnspecified());
        var onDate = exceptions.Where(e => e.Date == date).ToList();
        if (end.Date != start.Date && end.TimeOfDay != LocalTime.Midnight || onDate.Any(e => e.Kind == AvailabilityExceptionKind.DayOff))
        {
            return false;
        }

        var from = start.TimeOfDay.ToTimeOnly();
        var until = end.TimeOfDay == LocalTime.Midnight && end.Date != start.Date ? TimeOnly.MaxValue : end.TimeOfDay.ToTimeOnly();
        var ranges = weekly.Where(h => h.Day == BclConversions.ToDayOfWeek(start.DayOfWeek)).Select(h => (h.Start, h.End))
            .Concat(onDate.Where(e => e.Kind == AvailabilityExceptionKind.ExtraHours).Select(e => (Start: e.Start!.Value, End: e.End!.Value)));
        return ranges.Any(range => range.Start <= from && until <= range.End);
    }
}
