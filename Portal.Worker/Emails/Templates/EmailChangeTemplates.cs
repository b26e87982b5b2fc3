using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>The link that proves a new address is the client's; or, when it is someone else's at the practice, a word to its owner.</summary>
public static class EmailChangeLinkTemplate
{
    public static EmailDocument Compose(EmailChangeLinkEmail email, Uri? link, EmailContext context) => link is null
        ? new()
        {
            To = new EmailRecipient(email.To, "", email.TimeZone),
            Subject = $"About your address at {context.Practice.PracticeName}",
            Preheader = "Someone asked to use this address for their account. Nothing was changed.",
            Greeting = "Hello,",
            Paragraphs =
            [
                $"Someone signed in at {context.Practice.PracticeName} asked to use this address for their account. It is already used for an account here, so nothing was changed.",
                "If it was you, sign in with this address instead. If not, you can ignore this email.",
            ],
        }
        : new()
        {
            To = new EmailRecipient(email.To, email.Name, email.TimeZone),
            Subject = $"Confirm your new email address for {context.Practice.PracticeName}",
            Preheader = "One press and this becomes the address on your account.",
            Greeting = Greeting.Hello(email.Name),
            Paragraphs = ["You asked to use this address for your account. Press the button and then \"Use this address\" on the page that opens."],
            Button = new EmailButton("Confirm this address", link),
            SmallPrint =
            [
                $"The link works once and until {ReadableTime.Full(email.ExpiresAt, email.TimeZone)}. Until then your account keeps its old address.",
                "If you did not ask for this, you can ignore this email: nothing changes without the link.",
            ],
        };
}

/// <summary>To the old address after a change: if it was not them, they know at once.</summary>
public static class EmailChangedTemplate
{
    public static EmailDocument Compose(EmailChangedEmail email, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = $"Your email address at {context.Practice.PracticeName} was changed",
        Preheader = $"Your account now uses {email.NewAddressMasked}.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"The address on your account was changed to {email.NewAddressMasked}. Emails about your sessions go there from now on.",
            $"If you did not do this, please reply to this email or contact {context.Practice.PracticeName} straight away.",
        ],
    };
}
