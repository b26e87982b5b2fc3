using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>To the client, the day before.</summary>
public static class ReminderTemplate
{
    public static EmailDocument Compose(ReminderEmail email, EmailContext context)
    {
        var booking = email.Booking;
        var zone = booking.ClientTimeZone;
        return new EmailDocument
        {
            To = new EmailRecipient(booking.ClientEmail, booking.ClientName, zone),
            Subject = $"Reminder: your {booking.SessionInSentence}, {ReadableTime.Short(booking.StartsAt, zone)}",
            Preheader = $"See you on {ReadableTime.Full(booking.StartsAt, zone)}.",
            Greeting = Greeting.Hello(booking.ClientName),
            Paragraphs =
            [
                // No "tomorrow": a reminder the Worker could only send late, or on a day the clocks change, would say it wrongly.
                $"A gentle reminder of your {booking.SessionInSentence} on {ReadableTime.Full(booking.StartsAt, zone)}.",
                booking.Mode == Portal.Core.Bookings.SessionMode.Virtual
                    ? "Find a quiet, private spot where you can talk freely, and join a minute or two early."
                    : "Give yourself a few minutes to arrive and settle.",
            ],
            Details = SessionDetails.For(booking, zone, context),
            Button = new EmailButton("See your booking", context.Links.ClientHome),
            SmallPrint = ["If something has come up, reply to this email and we will find another time."],
        };
    }
}
