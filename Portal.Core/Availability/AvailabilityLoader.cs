using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Core.Availability;

/// <summary>Reads what the slot finder needs for a stretch of time, in a handful of queries.</summary>
public sealed class AvailabilityLoader(PortalDb db)
{
    private static readonly BookingStatus[] TookPlaceOrHoldsTime =
        [.. Booking.HoldingTime, BookingStatus.Completed, BookingStatus.NoShow];

    /// <param name="ignoring">A booking being moved: it neither blocks itself nor counts towards its day's cap.</param>
    public async Task<AvailabilitySnapshot> LoadAsync(Instant from, Instant to, Guid? ignoring, CancellationToken cancellationToken) =>
        await LoadAsync(await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken), from, to, ignoring, cancellationToken);

    /// <summary>The same, for a caller that has read the practice settings already.</summary>
    public async Task<AvailabilitySnapshot> LoadAsync(
        PracticeSettings settings, Instant from, Instant to, Guid? ignoring, CancellationToken cancellationToken)
    {
        var zone = DateTimeZoneProviders.Tzdb[settings.TimeZone];

        // A day either side: buffers and day boundaries in other zones reach past the window.
        var windowStart = (from - Duration.FromDays(1)).ToDateTimeOffset();
        var windowEnd = (to + Duration.FromDays(1)).ToDateTimeOffset();
        var firstDate = from.InZone(zone).Date.PlusDays(-1).ToDateOnly();
        var lastDate = to.InZone(zone).Date.PlusDays(1).ToDateOnly();

        var hours = await db.WorkingHours.AsNoTracking().ToListAsync(cancellationToken);
        var exceptions = await db.AvailabilityExceptions.AsNoTracking()
            .Where(e => e.Date >= firstDate && e.Date <= lastDate)
            .ToListAsync(cancellationToken);
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => b.Id != ignoring && TookPlaceOrHoldsTime.Contains(b.Status)
                && b.OccupiedUntil > windowStart && b.OccupiedFrom < windowEnd)
            .Select(b => new { b.Status, b.StartsAt, b.OccupiedFrom, b.OccupiedUntil })
            .ToListAsync(cancellationToken);
        // Guest bookings waiting for their address to confirm hold time and count towards the day like bookings.
        var pending = await db.PendingBookings.AsNoTracking()
            .Where(p => p.OccupiedUntil > windowStart && p.OccupiedFrom < windowEnd)
            .Select(p => new { Status = BookingStatus.Confirmed, p.StartsAt, p.OccupiedFrom, p.OccupiedUntil })
            .ToListAsync(cancellationToken);
        bookings.AddRange(pending);
        // A time offered to someone on the waitlist is held for them alone until they take it or the offer ends.
        var offered = await db.WaitlistOffers.AsNoTracking()
            .Where(o => o.Status == Waitlist.OfferStatus.Open && o.OccupiedUntil > windowStart && o.OccupiedFrom < windowEnd)
            .Select(o => new { Status = BookingStatus.Confirmed, o.StartsAt, o.OccupiedFrom, o.OccupiedUntil })
            .ToListAsync(cancellationToken);
        bookings.AddRange(offered);
        var blocked = await db.BlockedPeriods.AsNoTracking()
            .Where(b => b.End > windowStart && b.Start < windowEnd)
            .Select(b => new { b.Start, b.End })
            .ToListAsync(cancellationToken);

        var busy = bookings
            .Where(b => Booking.HoldingTime.Contains(b.Status))
            .Select(b => new Interval(Instant.FromDateTimeOffset(b.OccupiedFrom), Instant.FromDateTimeOffset(b.OccupiedUntil)))
            .Concat(blocked.Select(b => new Interval(Instant.FromDateTimeOffset(b.Start), Instant.FromDateTimeOffset(b.End))));
        var sessionsPerDay = bookings
            .GroupBy(b => Instant.FromDateTimeOffset(b.StartsAt).InZone(zone).Date)
            .ToDictionary(day => day.Key, day => day.Count());

        return new AvailabilitySnapshot(settings, hours, exceptions, busy, sessionsPerDay);
    }
}
