using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>Something was shared with the client. The email names nothing of it: what it is stays in the portal.</summary>
public static class NewInLibraryTemplate
{
    public static EmailDocument Compose(NewInLibraryEmail email, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = "Something new in your library",
        Preheader = $"{email.SharedBy} shared something with you in your portal.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"{email.SharedBy} shared something with you. You will find it in your library in the portal.",
        ],
        Button = new EmailButton("Open your library", context.Links.ClientLibrary),
    };
}
