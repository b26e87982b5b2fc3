using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

public static class MagicLinkTemplate
{
    public static EmailDocument Compose(MagicLinkEmail email, Uri link, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = $"Your sign-in link for {context.Practice.PracticeName}",
        Preheader = "One press and you are in. The link works once.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs = ["Here is the link you asked for. Press the button and then \"Sign in\" on the page that opens."],
        Button = new EmailButton("Sign in", link),
        SmallPrint =
        [
            $"The link works once and until {ReadableTime.Full(email.ExpiresAt, email.TimeZone)}. You can always ask for a new one.",
            "If you did not ask for it, you can ignore this email: nobody can sign in without the link.",
        ],
    };
}

public static class Greeting
{
    public static string Hello(string name) =>
        string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name.Trim().Split(' ', 2)[0]},";
}
