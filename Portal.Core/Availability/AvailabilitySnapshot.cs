using NodaTime.Utility;
using NodaTime;
using Portal.Core.Practice;

namespace Portal.Core.Availability;

/// <summary>
/// What the slot finder needs to know about a stretch of time, loaded in one go:
/// the rules, the weekly hours and their exceptions, and everything that already takes time.
/// </summary>
public sealed class AvailabilitySnapshot
{
    private readonly Interval[] busy;
    private readonly ILookup<DayOfWeek, WorkingHours> weeklyHours;
    private readonly ILookup<LocalDate, AvailabilityException> exceptions;
    private readonly IReadOnlyDictionary<LocalDate, int> sessionsPerDay;

    public AvailabilitySnapshot(
        PracticeSettings settings,
        IEnumerable<WorkingHours> weeklyHours,
        IEnumerable<AvailabilityException> exceptions,
        IEnumerable<Interval> busy,
        IReadOnlyDictionary<LocalDate, int> sessionsPerPracticeDay)
    {
        Settings = settings;
        PracticeZone = DateTimeZoneProviders.Tzdb[settings.TimeZone];
        this.weeklyHours = weeklyHours.ToLookup(h => h.Day);
        this.exceptions = exceptions.ToLookup(e => LocalDate.FromDateOnly(e.Date));
        this.busy = MergeOverlapping(busy);
        sessionsPerDay = sessionsPerPracticeDay;
        ApproximateBytes = 1024 + (this.busy.Length * 48) + (this.exceptions.Count * 160) + (sessionsPerDay.Count * 64) + (this.weeklyHours.Count * 160);
    }

    /// <summary>Roughly what it takes up in memory, so a cache of snapshots can be bounded in bytes.</summary>
    public long ApproximateBytes { get; }

    public PracticeSettings Settings { get; }

    public DateTimeZone PracticeZone { get; }

    /// <summary>The practice-local ranges when sessions can take place on a date, in order.</summary>
    public IEnumerable<(LocalTime Start, LocalTime End)> WorkingRangesOn(LocalDate date)
    {
        var dayExceptions = exceptions[date].ToList();
        var weekly = dayExceptions.Any(e => e.Kind == AvailabilityExceptionKind.DayOff)
            ? []
            : weeklyHours[BclConversions.ToDayOfWeek(date.DayOfWeek)].Select(h => (LocalTime.FromTimeOnly(h.Start), LocalTime.FromTimeOnly(h.End)));
        var extra = dayExceptions
            .Where(e => e.Kind == AvailabilityExceptionKind.ExtraHours && e.Start is not null && e.End is not null)
            .Select(e => (LocalTime.FromTimeOnly(e.Start!.Value), LocalTime.FromTimeOnly(e.End!.Value)));
        return weekly.Concat(extra).OrderBy(r => r.Item1);
    }

    public int SessionsOn(LocalDate practiceDate) => sessionsPerDay.GetValueOrDefault(practiceDate);

    /// <summary>Whether [start, end) touches anything already taken. Busy spans are merged and sorted: O(log n).</summary>
    public bool IsBusy(Instant start, Instant end)
    {
        int low = 0, high = busy.Length - 1, first = busy.Length;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (busy[middle].End > start)
            {
                first = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return first < busy.Length && busy[first].Start < end;
    }

    private static Interval[] MergeOverlapping(IEnumerable<Interval> intervals)
    {
        var merged = new List<Interval>();
        foreach (var interval in intervals.OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && merged[^1].End >= interval.Start)
            {
                var last = merged[^1];
                merged[^1] = new Interval(last.Start, Instant.Max(last.End, interval.End));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return [.. merged];
    }
}
