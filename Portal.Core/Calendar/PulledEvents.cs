using NodaTime;
using NodaTime.Text;

namespace Portal.Core.Calendar;

/// <summary>What an event in one of her busy calendars does to the times clients can book.</summary>
public static class PulledEvents
{
    public const string SourcePrefix = "google:";

    /// <summary>The private extended property the portal puts on the events it pushes: they are the bookings themselves.</summary>
    public const string BookingIdProperty = "portalBookingId";

    public static string SourceOf(string calendarId) => SourcePrefix + calendarId;

    /// <summary>
    /// The time the event blocks, or null when it blocks nothing: cancelled, transparent ("free"), declined by her, one
    /// of the portal's own bookings, a working-location marker, or without a sensible time. An all-day event blocks its
    /// practice-local days (the end date is exclusive).
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? BlockOf(GoogleEvent e, DateTimeZone zone)
    {
        if (e.Status == "cancelled"
            || e.Transparency == "transparent"
            || e.EventType == "workingLocation"
            || e.Attendees?.Any(a => a.Self && a.ResponseStatus == "declined") == true
            || e.ExtendedProperties?.Private?.ContainsKey(BookingIdProperty) == true)
        {
            return null;
        }

        var (start, end) = (InstantOf(e.Start, zone), InstantOf(e.End, zone));
        return start is { } from && end is { } until && from < until ? (from, until) : null;
    }

    private static DateTimeOffset? InstantOf(EventTime? time, DateTimeZone zone)
    {
        if (time?.DateTime is { } instant)
        {
            return instant.ToUniversalTime();
        }

        if (time?.Date is { } text && LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return zone.AtStartOfDay(date.Value).ToDateTimeOffset().ToUniversalTime();
        }

        return null;
    }
}
