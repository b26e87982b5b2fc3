using Portal.Core.Bookings;
using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>The rows every email about a session shows, in the reader's own time zone.</summary>
public static class SessionDetails
{
    public static IReadOnlyList<EmailDetail> For(BookingFacts booking, string timeZone, EmailContext context, bool withClient = false)
    {
        var rows = new List<EmailDetail>();
        if (withClient)
        {
            rows.Add(new EmailDetail("Client", booking.ClientName));
            rows.Add(new EmailDetail("Email", booking.ClientEmail, new Uri($"mailto:{booking.ClientEmail}")));
        }

        rows.Add(new EmailDetail("Session", booking.SessionTypeName));
        rows.Add(new EmailDetail("When", ReadableTime.Full(booking.StartsAt, timeZone)));
        rows.Add(new EmailDetail("Length", $"{(int)(booking.EndsAt - booking.StartsAt).TotalMinutes} minutes"));
        rows.Add(Where(booking, context));
        return rows;
    }

    public static EmailDetail Where(BookingFacts booking, EmailContext context) => booking.Mode switch
    {
        SessionMode.InPerson => new EmailDetail("Where", $"In person, at {context.Practice.PracticeName}"),
        _ when Uri.TryCreate(context.MeetLink, UriKind.Absolute, out var meet) => new EmailDetail("Where", "Online, by Google Meet: join here", meet),
        _ when Uri.TryCreate(context.Practice.VideoCallLink, UriKind.Absolute, out var link) =>
            new EmailDetail("Where", "Online, by video: join here", link),
        _ => new EmailDetail("Where", $"Online, by video: {context.Signature} will send you the link before the session"),
    };

    public static string Minutes(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0
        ? $"{(int)span.TotalHours} hours"
        : $"{(int)span.TotalMinutes} minutes";
}
