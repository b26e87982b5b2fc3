using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>A message is waiting. The email never carries it: what is shared in the portal stays there.</summary>
public static class NewMessageTemplate
{
    public static EmailDocument Compose(NewMessageEmail email, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = $"{email.SenderName} sent you a message",
        Preheader = "It is waiting for you in your portal.",
        Greeting = email.ToTherapist ? "Hello," : Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"{email.SenderName} sent you a message on {ReadableTime.Full(email.SentAt, email.TimeZone)}.",
            "To keep what you share private, messages stay in the portal; this email only lets you know.",
        ],
        Button = new EmailButton("Read the message", email.ThreadId is { } thread
            ? context.Links.Thread(thread, email.ToTherapist)
            : email.ToTherapist ? context.Links.TherapistMessages : context.Links.ClientMessages),
    };
}
