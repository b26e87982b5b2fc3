namespace Portal.Core.Practice;

/// <summary>
/// The stretch of time the portal deals in. Dates outside it are refused where they come in, so nothing inside
/// (time zone arithmetic, the day after the last one) ever meets the ends of the calendar.
/// </summary>
public static class CalendarBounds
{
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    public static readonly DateOnly LastDay = new(2199, 12, 31);

    public static bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;

    public static bool Contains(DateTimeOffset instant) =>
        instant.UtcDateTime >= FirstDay.ToDateTime(TimeOnly.MinValue) && instant.UtcDateTime < LastDay.ToDateTime(TimeOnly.MaxValue);

    public static string Sentence => $"Give a date between {FirstDay:yyyy-MM-dd} and {LastDay:yyyy-MM-dd}.";
}
