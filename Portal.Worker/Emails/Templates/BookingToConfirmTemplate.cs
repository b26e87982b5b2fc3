using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>
/// To an address the practice knows, after someone booked with it as a guest. It asks the owner to confirm, and says
/// nothing of their history here: the person who typed the address may not be them.
/// </summary>
public static class BookingToConfirmTemplate
{
    public static EmailDocument Compose(BookingToConfirmEmail email, Uri confirmLink, EmailContext context)
    {
        var session = Wording.InSentence(email.SessionTypeName);
        return new EmailDocument
        {
            To = new EmailRecipient(email.To, email.Name, email.TimeZone),
            Subject = $"Please confirm your {session} on {ReadableTime.Short(email.StartsAt, email.TimeZone)}",
            Preheader = "One press confirms it. Until then the time is held for you.",
            Greeting = Greeting.Hello(email.Name),
            Paragraphs =
            [
                $"A {session} was just booked on our website with this email address, for {ReadableTime.Full(email.StartsAt, email.TimeZone)}.",
                "If it was you, please confirm it with the button below, and it is yours.",
            ],
            Button = new EmailButton("Confirm my booking", confirmLink),
            SmallPrint =
            [
                "Until you confirm, the time is held and nothing is booked in your name. The link works once, until the session begins.",
                "If it was not you, you can ignore this email: nothing is booked in your name, and nothing about you changes.",
            ],
        };
    }
}
