using System.Text.Json.Serialization;

namespace Portal.Core.Notifications;

/// <summary>An email owed to someone: one of the practice's templates and the facts it is filled with.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "template")]
[JsonDerivedType(typeof(MagicLinkEmail), "magic-link")]
[JsonDerivedType(typeof(BookingConfirmedEmail), "booking-confirmed")]
[JsonDerivedType(typeof(NewBookingEmail), "new-booking")]
[JsonDerivedType(typeof(BookingChangedEmail), "booking-changed")]
[JsonDerivedType(typeof(ReminderEmail), "reminder")]
[JsonDerivedType(typeof(NewMessageEmail), "new-message")]
[JsonDerivedType(typeof(RefundEmail), "refund")]
[JsonDerivedType(typeof(BookingToConfirmEmail), "booking-to-confirm")]
[JsonDerivedType(typeof(NewInLibraryEmail), "new-in-library")]
[JsonDerivedType(typeof(EmailChangeLinkEmail), "email-change-link")]
[JsonDerivedType(typeof(EmailChangedEmail), "email-changed")]
[JsonDerivedType(typeof(DataExportReadyEmail), "data-export-ready")]
[JsonDerivedType(typeof(WaitlistOfferEmail), "waitlist-offer")]
[JsonDerivedType(typeof(ClosureLinkEmail), "closure-link")]
[JsonDerivedType(typeof(Newsletter.NewsletterConfirmationEmail), "newsletter-confirmation")]
public abstract record EmailRequest
{
    /// <summary>
    /// The request as it is kept once the email has gone: a link's token is of no use to anyone but the reader of the
    /// email, so it is not kept where a database copy would carry it. The same request when it holds no secret.
    /// </summary>
    public virtual EmailRequest WithoutSecrets() => this;
}

/// <summary>A sign-in link; its token travels encrypted (<see cref="Identity.LinkProtector"/>), never readable at rest.</summary>
public sealed record MagicLinkEmail(string To, string Name, string TimeZone, string ProtectedToken, DateTimeOffset ExpiresAt) : EmailRequest
{
    public override EmailRequest WithoutSecrets() => this with { ProtectedToken = "" };
}

/// <summary>To the client: the session is theirs. A guest's carries an (encrypted) link to claim their account.</summary>
public sealed record BookingConfirmedEmail(BookingFacts Booking, string? ProtectedClaimToken = null) : EmailRequest
{
    public override EmailRequest WithoutSecrets() => ProtectedClaimToken is null ? this : this with { ProtectedClaimToken = null };
}

/// <summary>To the therapist: someone booked.</summary>
public sealed record NewBookingEmail(BookingFacts Booking) : EmailRequest;

public enum BookingChange
{
    Cancelled,
    Rescheduled,
}

/// <summary>To the client, or to the therapist when the client made the change.</summary>
public sealed record BookingChangedEmail(
    BookingFacts Booking, BookingChange Change, DateTimeOffset? PreviousStart, bool ToTherapist, bool ByTherapist) : EmailRequest;

/// <summary>To the client, 24 hours before; sent only if the booking still stands at that time.</summary>
public sealed record ReminderEmail(BookingFacts Booking) : EmailRequest;

/// <summary>To the client or the therapist: a message is waiting in the portal (the email does not carry it).</summary>
/// <param name="ThreadId">The conversation it waits in: the email's button opens it.</param>
public sealed record NewMessageEmail(
    string To, string Name, string TimeZone, string SenderName, DateTimeOffset SentAt, bool ToTherapist, Guid? ThreadId = null)
    : EmailRequest;

/// <summary>To the client: money is on its way back (Stripe has accepted the refund).</summary>
public sealed record RefundEmail(BookingFacts Booking, string AmountText, string Reason) : EmailRequest;

/// <summary>
/// To an address the practice knows, after a guest booked with it: confirm the held time with the (encrypted) link,
/// or let it go. Says nothing of the person's history with the practice: whoever typed the address may not be them.
/// </summary>
public sealed record BookingToConfirmEmail(
    string To, string Name, string TimeZone, string SessionTypeName, DateTimeOffset StartsAt, string ProtectedToken)
    : EmailRequest
{
    public override EmailRequest WithoutSecrets() => this with { ProtectedToken = "" };
}

/// <summary>To a client: the therapist shared something with them. Names nothing of it: the portal shows what it is.</summary>
public sealed record NewInLibraryEmail(string To, string Name, string TimeZone, string SharedBy) : EmailRequest;

/// <summary>
/// To the new address a client asked to use: the link that proves it is theirs. When the address already belongs to
/// someone at the practice, no link: the email says so to its owner, and the client who asked learns nothing.
/// </summary>
public sealed record EmailChangeLinkEmail(string To, string Name, string TimeZone, string? ProtectedToken, DateTimeOffset ExpiresAt) : EmailRequest
{
    public override EmailRequest WithoutSecrets() => ProtectedToken is null ? this : this with { ProtectedToken = "" };
}

/// <summary>To the old address, once the change is made: if it was not them, they know at once.</summary>
public sealed record EmailChangedEmail(string To, string Name, string TimeZone, string NewAddressMasked) : EmailRequest;

/// <summary>To the client: the copy of their data can be downloaded, while signed in. The email holds none of it.</summary>
public sealed record DataExportReadyEmail(string To, string Name, string TimeZone, DateTimeOffset ExpiresAt) : EmailRequest;

/// <summary>To a client on the waitlist: a time has come up and is held for them until <paramref name="ExpiresAt"/>.</summary>
public sealed record WaitlistOfferEmail(
    string To, string Name, string TimeZone, string SessionTypeName, DateTimeOffset StartsAt, DateTimeOffset ExpiresAt, Guid OfferId)
    : EmailRequest;

/// <summary>To a client who asked to close their account: the link that confirms it. Nothing is erased until it is followed.</summary>
public sealed record ClosureLinkEmail(string To, string Name, string TimeZone, string ProtectedToken, DateTimeOffset ExpiresAt) : EmailRequest
{
    public override EmailRequest WithoutSecrets() => this with { ProtectedToken = "" };
}
