using Portal.Core.Availability;

namespace Portal.Core.Practice;

/// <summary>The rules and weekly hours a new practice starts with; the therapist edits them afterwards.</summary>
public static class PracticeSeed
{
    public static PracticeSettings Settings() => new();

    /// <summary>Monday to Friday 09:00–17:00, and two evenings 18:00–20:00 for clients who work.</summary>
    public static IReadOnlyList<WorkingHours> WeeklyHours()
    {
        DayOfWeek[] weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        var days = weekdays.Select(day => new WorkingHours { Day = day, Start = new TimeOnly(9, 0), End = new TimeOnly(17, 0) });
        var evenings = new[] { DayOfWeek.Tuesday, DayOfWeek.Thursday }
            .Select(day => new WorkingHours { Day = day, Start = new TimeOnly(18, 0), End = new TimeOnly(20, 0) });
        return [.. days, .. evenings];
    }
}
