using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>To the client, when a payment goes back to their card.</summary>
public static class RefundTemplate
{
    public static EmailDocument Compose(RefundEmail email, EmailContext context)
    {
        var booking = email.Booking;
        var zone = booking.ClientTimeZone;
        return new EmailDocument
        {
            To = new EmailRecipient(booking.ClientEmail, booking.ClientName, zone),
            Subject = $"Your refund of {email.AmountText} is on its way",
            Preheader = $"For your {booking.SessionInSentence} of {ReadableTime.Short(booking.StartsAt, zone)}.",
            Greeting = Greeting.Hello(booking.ClientName),
            Paragraphs =
            [
                $"We have refunded {email.AmountText} for your {booking.SessionInSentence} of {ReadableTime.Full(booking.StartsAt, zone)}.",
                "It goes back to the card you paid with and usually shows on your statement within 5 to 10 working days.",
            ],
            Details = [new EmailDetail("Amount", email.AmountText), new EmailDetail("Why", email.Reason)],
            Button = new EmailButton("See your sessions", context.Links.ClientHome),
            SmallPrint = ["If it has not arrived after 10 working days, reply to this email and we will look into it."],
        };
    }
}
