using Portal.Core.Notifications;

namespace Portal.Worker.Emails.Templates;

/// <summary>To a client on the waitlist: a time has come up and is held for them for a while.</summary>
public static class WaitlistOfferTemplate
{
    public static EmailDocument Compose(WaitlistOfferEmail email, EmailContext context) => new()
    {
        To = new EmailRecipient(email.To, email.Name, email.TimeZone),
        Subject = $"A time has come up: {ReadableTime.Short(email.StartsAt, email.TimeZone)}",
        Preheader = $"It is held for you until {ReadableTime.Short(email.ExpiresAt, email.TimeZone)}.",
        Greeting = Greeting.Hello(email.Name),
        Paragraphs =
        [
            $"A time you were waiting for has come up: {Wording.InSentence(email.SessionTypeName)} on {ReadableTime.Full(email.StartsAt, email.TimeZone)}.",
            $"It is held for you until {ReadableTime.Full(email.ExpiresAt, email.TimeZone)}. If you would like it, take it from your page.",
        ],
        Button = new EmailButton("See the time", context.Links.WaitlistOffer(email.OfferId)),
        SmallPrint =
        [
            "If it does not suit you, you need not do anything: after that time it is offered to the next person waiting, and you stay on the waitlist.",
        ],
    };
}
