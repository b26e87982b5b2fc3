using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>A session was cancelled or moved: to the client, and to the therapist when the client did it.</summary>
public static class BookingChangedTemplate
{
    public static EmailDocument Compose(BookingChangedEmail email, EmailRecipient recipient, EmailContext context, int sequence)
    {
        var booking = email.Booking;
        var zone = recipient.TimeZone;
        var when = ReadableTime.Short(email.Change == BookingChange.Cancelled ? booking.StartsAt : email.PreviousStart ?? booking.StartsAt, zone);
        var (subject, paragraph) = (email.Change, email.ToTherapist) switch
        {
            (BookingChange.Cancelled, false) => (
                $"Cancelled: your {booking.SessionInSentence} on {when}",
                email.ByTherapist
                    ? $"I am sorry: I have had to cancel your {booking.SessionInSentence} on {when}. Please book another time that suits you, or reply to this email."
                    : $"Your {booking.SessionInSentence} on {when} is cancelled, as you asked."),
            (BookingChange.Cancelled, true) => (
                $"{booking.ClientName} cancelled {booking.SessionInSentence} on {when}",
                $"{booking.ClientName} cancelled their {booking.SessionInSentence} on {when}. The time is free again."),
            (BookingChange.Rescheduled, false) => (
                $"Moved: your {booking.SessionInSentence} is now on {ReadableTime.Short(booking.StartsAt, zone)}",
                $"Your {booking.SessionInSentence} has moved from {when} to the time below. The attached invitation updates your calendar."),
            _ => (
                $"{booking.ClientName} moved {booking.SessionInSentence} to {ReadableTime.Short(booking.StartsAt, zone)}",
                $"{booking.ClientName} moved their {booking.SessionInSentence} from {when} to the time below."),
        };

        var cancelled = email.Change == BookingChange.Cancelled;
        return new EmailDocument
        {
            To = recipient,
            Subject = subject,
            Preheader = paragraph,
            Greeting = email.ToTherapist ? "Hello," : Greeting.Hello(booking.ClientName),
            Paragraphs = [paragraph],
            Details = cancelled ? [] : SessionDetails.For(booking, zone, context, withClient: email.ToTherapist),
            Button = (cancelled, email.ToTherapist) switch
            {
                (_, true) => new EmailButton("Open your portal", context.Links.TherapistHome),
                (true, false) => new EmailButton("Book another time", context.Links.Book),
                _ => new EmailButton("See your booking", context.Links.ClientHome),
            },
            Attachments =
            [
                CalendarInvite.ForBooking(booking, context, cancelled ? CalendarInvite.Kind.Cancel : CalendarInvite.Kind.Request, sequence),
            ],
        };
    }
}
