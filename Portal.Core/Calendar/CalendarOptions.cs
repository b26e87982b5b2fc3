namespace Portal.Core.Calendar;

/// <summary>Section <c>Calendar</c>.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    /// <summary>How often the Worker reads her busy calendars.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(15);
}
