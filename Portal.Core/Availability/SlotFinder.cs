using NodaTime;
using Portal.Core.Bookings;

namespace Portal.Core.Availability;

/// <summary>The free start times of one local day, as the visitor sees them.</summary>
public sealed record SlotDay(LocalDate Date, IReadOnlyList<ZonedDateTime> Starts);

/// <summary>
/// Finds bookable start times. Working hours are practice-local wall-clock times, turned into instants
/// day by day, so a 09:00 start stays 09:00 across daylight-saving changes; candidate starts then step
/// through real time, so a range across a change offers exactly the minutes that exist.
/// </summary>
public static class SlotFinder
{
    /// <summary>Start times for <paramref name="type"/> on the visitor's days <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static IReadOnlyList<SlotDay> Find(
        SessionType type, LocalDate from, LocalDate to, DateTimeZone viewerZone, AvailabilitySnapshot snapshot, Instant now)
    {
        var windowStart = viewerZone.AtStartOfDay(from).ToInstant();
        var windowEnd = viewerZone.AtStartOfDay(to.PlusDays(1)).ToInstant();
        var firstPracticeDay = windowStart.InZone(snapshot.PracticeZone).Date;
        var lastPracticeDay = windowEnd.InZone(snapshot.PracticeZone).Date;

        var starts = new List<ZonedDateTime>();
        for (var day = firstPracticeDay; day <= lastPracticeDay; day = day.PlusDays(1))
        {
            starts.AddRange(BookableStartsOn(day, type, snapshot, now)
                .Where(start => start >= windowStart && start < windowEnd)
                .Select(start => start.InZone(viewerZone)));
        }

        return starts
            .GroupBy(start => start.Date)
            .Select(group => new SlotDay(group.Key, group.ToList()))
            .ToList();
    }

    /// <summary>Whether <paramref name="start"/> is one of the offered times: the same rules, checked again at booking.</summary>
    public static bool IsBookable(SessionType type, Instant start, AvailabilitySnapshot snapshot, Instant now) =>
        BookableStartsOn(start.InZone(snapshot.PracticeZone).Date, type, snapshot, now).Contains(start);

    private static IEnumerable<Instant> BookableStartsOn(LocalDate day, SessionType type, AvailabilitySnapshot snapshot, Instant now)
    {
        var settings = snapshot.Settings;
        var zone = snapshot.PracticeZone;
        var today = now.InZone(zone).Date;

        if (day > today.PlusDays(settings.BookingHorizonDays)
            || (settings.NoSameDayBookings && day <= today)
            || (settings.DailySessionCap is { } cap && snapshot.SessionsOn(day) >= cap))
        {
            yield break;
        }

        var earliest = now + Duration.FromTimeSpan(settings.MinimumNotice);
        var duration = Duration.FromTimeSpan(type.Duration);
        var before = Duration.FromTimeSpan(type.BufferBefore);
        var after = Duration.FromTimeSpan(type.BufferAfter);
        var step = Duration.FromMinutes(settings.SlotStepMinutes);

        foreach (var (rangeStart, rangeEnd) in snapshot.WorkingRangesOn(day))
        {
            var end = zone.AtLeniently(day + rangeEnd).ToInstant();
            for (var start = zone.AtLeniently(day + rangeStart).ToInstant(); start + duration <= end; start += step)
            {
                if (start >= earliest && !snapshot.IsBusy(start - before, start + duration + after))
                {
                    yield return start;
                }
            }
        }
    }
}
