using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>To the client: the session is theirs, with an invitation for their calendar.</summary>
public static class BookingConfirmedTemplate
{
    public static EmailDocument Compose(BookingConfirmedEmail email, Uri? claimLink, EmailContext context)
    {
        var booking = email.Booking;
        var zone = booking.ClientTimeZone;
        var opening = booking.IsDiscoveryCall
            ? $"Thank you for booking a discovery call. It is a relaxed conversation: there is nothing to prepare, and no commitment afterwards."
            : $"Your {booking.SessionInSentence} is booked. I look forward to seeing you.";
        return new EmailDocument
        {
            To = new EmailRecipient(booking.ClientEmail, booking.ClientName, zone),
            Subject = $"Booked: your {booking.SessionInSentence} on {ReadableTime.Short(booking.StartsAt, zone)}",
            Preheader = $"{ReadableTime.Full(booking.StartsAt, zone)}. The invitation for your calendar is attached.",
            Greeting = Greeting.Hello(booking.ClientName),
            Paragraphs = [opening, "The details are below, and the attached invitation adds it to your calendar."],
            Details = SessionDetails.For(booking, zone, context),
            Button = claimLink is { } claim
                ? new EmailButton("Create your account", claim)
                : new EmailButton("See your booking", context.Links.ClientHome),
            SmallPrint =
            [
                $"If you need to cancel or move it, you can do so up to {SessionDetails.Minutes(context.Practice.CancellationWindow)} before it starts, or reply to this email.",
            ],
            Attachments = [CalendarInvite.ForBooking(booking, context, CalendarInvite.Kind.Request, sequence: 0)],
        };
    }
}
