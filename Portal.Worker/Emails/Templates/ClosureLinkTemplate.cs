using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>The link that confirms a client's request to close their account; nothing is erased until it is followed.</summary>
public static class ClosureLinkTemplate
{
    public static EmailDocument Compose(ClosureLinkEmail email, Uri link, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = $"Confirm closing your account at {context.Practice.PracticeName}",
        Preheader = "Nothing is closed until you press the button on the page this link opens.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            "You asked to close your account. The page this link opens says what will happen, and has one button to do it.",
            "Closing it cancels your upcoming sessions and erases your details. The practice keeps only what the law asks it to keep, without your name, address or phone.",
        ],
        Button = new EmailButton("Review and close my account", link),
        SmallPrint =
        [
            $"The link works once and until {ReadableTime.Full(email.ExpiresAt, email.TimeZone)}.",
            "If you did not ask for this, you can ignore this email: nothing changes without the link.",
        ],
    };
}
