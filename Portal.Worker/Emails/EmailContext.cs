using Portal.Core.Practice;

namespace Portal.Worker.Emails;

/// <summary>What every template may use: the practice as it presents itself and where the portal lives.</summary>
/// <param name="MeetLink">The Google Meet link of the session the email is about, if Google made one: it replaces the standing video room.</param>
public sealed record EmailContext(PracticeSettings Practice, PortalLinks Links, string? MeetLink = null)
{
    public string Signature => string.IsNullOrWhiteSpace(Practice.TherapistName) ? Practice.PracticeName : Practice.TherapistName;
}

/// <summary>Absolute links into the Web, from <c>Portal:PublicUrl</c>.</summary>
public sealed record PortalLinks(Uri PublicUrl)
{
    public Uri ClientHome => To("me");
    public Uri ClientMessages => To("me/messages");
    public Uri ClientLibrary => To("me/library");

    public Uri ClientData => To("me/data");

    /// <summary>A time offered from the waitlist, with the button that takes it.</summary>
    public Uri WaitlistOffer(Guid offerId) => To(Portal.Core.Waitlist.WaitlistOffer.LinkTo(offerId).TrimStart('/'));
    public Uri TherapistHome => To("admin");
    public Uri TherapistMessages => To("admin/messages");

    /// <summary>A conversation, on the side of whoever reads the email.</summary>
    public Uri Thread(Guid threadId, bool forTherapist) => To($"{(forTherapist ? "admin" : "me")}/messages/{threadId}");
    public Uri Book => To("book");

    /// <summary>The page that asks the person to press "Sign in" (a GET never spends the token).</summary>
    public Uri SignIn(string token) => To($"signin/confirm?token={Uri.EscapeDataString(token)}");

    /// <summary>The page that asks the person to press "Confirm" for a held guest booking (a GET never spends the token).</summary>
    public Uri ConfirmBooking(string token) => To($"book/confirm?token={Uri.EscapeDataString(token)}");

    /// <summary>The page that asks the client to press "Use this address" (a GET never spends the token).</summary>
    public Uri ConfirmEmailChange(string token) => To($"me/email/confirm?token={Uri.EscapeDataString(token)}");

    public Uri ConfirmClosure(string token) => To($"me/close/confirm?token={Uri.EscapeDataString(token)}");
    /// <summary>The page that asks the person to press "Confirm" to join the newsletter (a GET never confirms).</summary>
    public Uri ConfirmNewsletter(string token) => To($"newsletter/confirm?token={Uri.EscapeDataString(token)}");

    /// <summary>A newsletter's unsubscribe address: a GET shows a button, a POST (RFC 8058 one-click) unsubscribes.</summary>
    public Uri Unsubscribe(string token) => To($"newsletter/unsubscribe/{Uri.EscapeDataString(token)}");

    private Uri To(string path) => new(PublicUrl, path);
}
