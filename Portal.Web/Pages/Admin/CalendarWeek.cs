using System.Globalization;
using Portal.Web.Api;

namespace Portal.Web.Pages.Admin;

/// <summary>One practice-local week, Monday to Sunday, as the therapist reads it: what is on each day, in time order.</summary>
public sealed class CalendarWeek
{
    private static readonly string[] Shown = ["Confirmed", "PendingPayment", "Completed", "NoShow"];

    private CalendarWeek(DateOnly monday, DateOnly today, DateOnly shownDay, TimeZoneInfo zone, IReadOnlyList<CalendarDay> days)
    {
        Monday = monday;
        Today = today;
        ShownDay = shownDay;
        Zone = zone;
        Days = days;
    }

    public DateOnly Monday { get; }

    public DateOnly Today { get; }

    /// <summary>The one day a phone shows.</summary>
    public DateOnly ShownDay { get; }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<CalendarDay> Days { get; }

    public DateTimeOffset Start => StartOf(Monday, Zone);

    public DateTimeOffset End => StartOf(Monday.AddDays(7), Zone);

    /// <summary>The Monday of the week <paramref name="day"/> is in.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>A yyyy-mm-dd from the address; anything else (or a date beyond the years the practice deals in) is no date.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100
            ? day
            : null;

    /// <summary>The instant a practice-local day begins; a midnight the clocks skip begins when they land.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => At(day, TimeOnly.MinValue, zone);

    /// <summary>A practice-local date and time as an instant; a time the clocks skip is read as the same time after the change.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static CalendarWeek Build(
        DateOnly monday, DateOnly today, DateOnly? chosenDay, TimeZoneInfo zone,
        IEnumerable<BookingView> bookings, IEnumerable<BlockedPeriodView> blocked, IEnumerable<AvailabilityExceptionView> exceptions)
    {
        var sunday = monday.AddDays(6);
        var shownDay = chosenDay is { } chosen && chosen >= monday && chosen <= sunday ? chosen
            : today >= monday && today <= sunday ? today
            : monday;
        var bookingList = bookings.Where(b => Shown.Contains(b.Status)).ToList();
        var blockedList = blocked.ToList();
        var exceptionList = exceptions.ToList();
        var days = Enumerable.Range(0, 7).Select(offset =>
        {
            var date = monday.AddDays(offset);
            var (from, until) = (StartOf(date, zone), StartOf(date.AddDays(1), zone));
            var entries = new List<CalendarEntry>();
            entries.AddRange(exceptionList.Where(e => e.Date == date).Select(e => e.Kind == "DayOff"
                ? new CalendarEntry(CalendarEntryKind.DayOff, null, null, "Day off", e.Note, null, e.Id)
                : new CalendarEntry(CalendarEntryKind.ExtraHours, e.Start, e.End, "Extra hours", e.Note, null, e.Id)));
            entries.AddRange(blockedList.Where(b => b.End > from && b.Start < until).Select(b => new CalendarEntry(
                CalendarEntryKind.Blocked,
                b.Start > from ? Local(b.Start, zone) : null,
                b.End < until ? Local(b.End, zone) : null,
                b.Removable ? "Blocked" : "Busy in your calendar",
                null, null, b.Id) { Removable = b.Removable }));
            entries.AddRange(bookingList.Where(b => b.Start >= from && b.Start < until).Select(b => new CalendarEntry(
                CalendarEntryKind.Booking, Local(b.Start, zone), Local(b.End, zone), b.ClientName ?? "A client", b.SessionTypeName, b, b.Id)));
            return new CalendarDay(date, date == today, date == shownDay,
                [.. entries.OrderBy(e => e.Kind == CalendarEntryKind.DayOff ? 0 : 1).ThenBy(e => e.From ?? TimeOnly.MinValue)]);
        }).ToList();
        return new CalendarWeek(monday, today, shownDay, zone, days);
    }

    private static TimeOnly Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}

public sealed record CalendarDay(DateOnly Date, bool IsToday, bool IsShown, IReadOnlyList<CalendarEntry> Entries)
{
    public bool IsDayOff => Entries.Any(e => e.Kind == CalendarEntryKind.DayOff);
}

public enum CalendarEntryKind
{
    DayOff,
    ExtraHours,
    Blocked,
    Booking,
}

/// <param name="From">Null when it began before this day (or has no time, a day off).</param>
/// <param name="Until">Null when it goes on past this day.</param>
public sealed record CalendarEntry(
    CalendarEntryKind Kind, TimeOnly? From, TimeOnly? Until, string Title, string? Detail, BookingView? Booking, Guid? Id)
{
    public bool Removable { get; init; }

    public string Times => (From, Until) switch
    {
        (null, null) => Kind == CalendarEntryKind.DayOff ? "" : "All day",
        ({ } from, null) => $"From {from:HH:mm}",
        (null, { } until) => $"Until {until:HH:mm}",
        ({ } from, { } until) => $"{from:HH:mm}–{until:HH:mm}",
    };
}
