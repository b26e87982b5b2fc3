using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>To the therapist: someone booked. Times in the practice's zone.</summary>
public static class NewBookingTemplate
{
    public static EmailDocument Compose(NewBookingEmail email, EmailRecipient therapist, EmailContext context)
    {
        var booking = email.Booking;
        var zone = therapist.TimeZone;
        var paragraphs = new List<string>
        {
            booking.IsDiscoveryCall
                ? $"{booking.ClientName} booked a discovery call."
                : $"{booking.ClientName} booked a session.",
        };
        if (booking.HasClientNote)
        {
            // What they wrote may be clinical: it stays in the portal, never in a mailbox.
            paragraphs.Add("They left you a note with the booking; it is in your portal.");
        }

        return new EmailDocument
        {
            To = therapist,
            Subject = $"New booking: {booking.ClientName}, {booking.SessionTypeName}, {ReadableTime.Short(booking.StartsAt, zone)}",
            Preheader = $"{booking.SessionTypeName} on {ReadableTime.Full(booking.StartsAt, zone)}",
            Greeting = "Hello,",
            Paragraphs = paragraphs,
            Details = SessionDetails.For(booking, zone, context, withClient: true),
            Button = new EmailButton("Open your portal", context.Links.TherapistHome),
            Attachments = [CalendarInvite.ForBooking(booking, context, CalendarInvite.Kind.Request, sequence: 0)],
        };
    }
}
