using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>The copy of a client's data is ready. It is downloaded while signed in; the email carries none of it.</summary>
public static class DataExportReadyTemplate
{
    public static EmailDocument Compose(DataExportReadyEmail email, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = "Your copy of your data is ready",
        Preheader = "Download it from your page while signed in.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"The copy of everything {context.Practice.PracticeName} holds about you, which you asked for, is ready.",
            "Sign in and download it from your page. It is a zip file: one file for each kind of record, a summary you can read in a browser, and the files shared with you.",
        ],
        Button = new EmailButton("Go to your data", context.Links.ClientData),
        SmallPrint = [$"You can download it until {ReadableTime.Full(email.ExpiresAt, email.TimeZone)}; after that it is deleted, and you can ask again."],
    };
}
