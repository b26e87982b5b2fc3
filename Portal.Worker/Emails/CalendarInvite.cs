using System.Text;
using IcsCalendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Portal.Core.Notifications;

namespace Portal.Worker.Emails;

/// <summary>The .ics attached to booking emails: one event per booking (its id is the UID), updated by SEQUENCE.</summary>
public static class CalendarInvite
{
    public enum Kind
    {
        Request,
        Cancel,
    }

    /// <param name="sequence">Grows with each change, so calendars replace the older version.</param>
    public static EmailAttachment ForBooking(BookingFacts booking, EmailContext context, Kind kind, int sequence)
    {
        var calendar = new IcsCalendar { Method = kind == Kind.Cancel ? "CANCEL" : "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", context.Practice.PracticeName);
        var where = Templates.SessionDetails.Where(booking, context);
        var session = new CalendarEvent
        {
            Uid = $"{booking.BookingId:N}@{context.Links.PublicUrl.Host}",
            Sequence = sequence,
            // Fixed by the booking, not by the clock: a retried email must be the same email.
            DtStamp = new CalDateTime(booking.BookedAt.UtcDateTime.AddSeconds(sequence)),
            DtStart = new CalDateTime(booking.StartsAt.UtcDateTime),
            DtEnd = new CalDateTime(booking.EndsAt.UtcDateTime),
            Summary = $"{booking.SessionTypeName} with {context.Signature}",
            Description = where.Link is null ? where.Value : $"{where.Value}: {where.Link}",
            Location = where.Link?.ToString() ?? where.Value,
            Status = kind == Kind.Cancel ? "CANCELLED" : "CONFIRMED",
        };
        if (!string.IsNullOrWhiteSpace(context.Practice.TherapistEmail))
        {
            session.Organizer = new Organizer($"mailto:{context.Practice.TherapistEmail}") { CommonName = context.Signature };
        }

        if (kind == Kind.Request)
        {
            // A reminder an hour before, from their own calendar, whatever the email reminders do.
            session.Alarms.Add(new Alarm
            {
                Action = "DISPLAY",
                Description = session.Summary,
                Trigger = new Trigger("-PT1H"),
            });
        }

        calendar.Events.Add(session);
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        var method = kind == Kind.Cancel ? "CANCEL" : "PUBLISH";
        return new EmailAttachment("session.ics", $"text/calendar; charset=utf-8; method={method}", Encoding.UTF8.GetBytes(text));
    }
}
