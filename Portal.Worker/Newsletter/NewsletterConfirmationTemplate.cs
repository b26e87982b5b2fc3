using Portal.Core.Newsletter;
using Portal.Worker.Emails;
using Portal.Worker.Emails.Templates;

namespace Portal.Worker.Newsletter;

/// <summary>The double opt-in email. It must read as harmless to someone who never asked: nothing happens unless they press.</summary>
public static class NewsletterConfirmationTemplate
{
    public static EmailDocument Compose(NewsletterConfirmationEmail email, Uri confirmLink, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, context.Practice.TimeZone),
        Subject = $"Please confirm: the {context.Practice.PracticeName} newsletter",
        Preheader = "One press and you are on the list. Nothing happens if you do not.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"Someone (we hope you) asked for the {context.Practice.PracticeName} newsletter to be sent to this address.",
            "If that was you, please confirm with the button below. Every newsletter has a link to leave in one click.",
        ],
        Button = new EmailButton("Yes, send me the newsletter", confirmLink),
        SmallPrint =
        [
            $"The link works for {NewsletterDesk.ConfirmationLifetime.TotalDays:0} days.",
            "If it was not you, ignore this email: nothing will be sent to you.",
        ],
    };
}
