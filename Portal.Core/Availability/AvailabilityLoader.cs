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
        // One round trip for everything that takes time (it runs under the practice day's lock when booking).
        // Guest bookings waiting for their address to confirm, and times offered to someone on the waitlist, hold time
        // and count towards the day like bookings; blocked periods only hold time.
        var taken = await db.Bookings.AsNoTracking()
            .Where(b => b.Id != ignoring && TookPlaceOrHoldsTime.Contains(b.Status)
                && b.OccupiedUntil > windowStart && b.OccupiedFrom < windowEnd)
            .Select(b => new { HoldsTime = Booking.HoldingTime.Contains(b.Status), b.StartsAt, b.OccupiedFrom, b.OccupiedUntil, Session = true })
            .Concat(db.PendingBookings.AsNoTracking()
                .Where(p => p.OccupiedUntil > windowStart && p.OccupiedFrom < windowEnd)
                .Select(p => new { HoldsTime = true, p.StartsAt, p.OccupiedFrom, p.OccupiedUntil, Session = true }))
            .Concat(db.WaitlistOffers.AsNoTracking()
                .Where(o => o.Status == Waitlist.OfferStatus.Open && o.OccupiedUntil > windowStart && o.OccupiedFrom < windowEnd)
                .Select(o => new { HoldsTime = true, o.StartsAt, o.OccupiedFrom, o.OccupiedUntil, Session = true }))
            .Concat(db.BlockedPeriods.AsNoTracking()
                .Where(b => b.End > windowStart && b.Start < windowEnd)
                .Select(b => new { HoldsTime = true, StartsAt = b.Start, OccupiedFrom = b.Start, OccupiedUntil = b.End, Session = false }))
            .ToListAsync(cancellationToken);
        var bookings = taken.Where(t => t.Session).ToList();

        var busy = taken
            .Where(t => t.HoldsTime)
            .Select(t => new Interval(Instant.FromDateTimeOffset(t.OccupiedFrom), Instant.FromDateTimeOffset(t.OccupiedUntil)));
        var sessionsPerDay = bookings
            .GroupBy(b => Instant.FromDateTimeOffset(b.StartsAt).InZone(zone).Date)
            .ToDictionary(day => day.Key, day => day.Count());

        return new AvailabilitySnapshot(settings, hours, exceptions, busy, sessionsPerDay);
    }
}
