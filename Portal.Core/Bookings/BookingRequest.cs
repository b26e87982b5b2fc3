namespace Portal.Core.Bookings;

/// <summary>A booking as the visitor submits it, before any check.</summary>
/// <param name="PrivacyConsent">A guest agrees to the privacy notice (<see cref="Privacy.PrivacyNotice"/>); kept with the client.</param>
/// <param name="NewsletterConsent">The unticked box "send me the newsletter": ticked, the address is asked to confirm (double opt-in).</param>
public sealed record BookingRequest(
    string? SessionType,
    DateTimeOffset? Start,
    string? Name,
    string? Email,
    string? Phone,
    string? TimeZone,
    string? Note,
    bool? PrivacyConsent = null,
    bool? NewsletterConsent = null);

/// <summary>Who is booking. Until sign-in exists every caller is a guest who names an email.</summary>
public sealed record Caller(Guid? ClientId)
{
    public static readonly Caller Guest = new((Guid?)null);
}

/// <summary>How a booking attempt ended; each case maps to one answer of the Api.</summary>
public abstract record BookingOutcome
{
    /// <param name="Payment">For a paid session: the payment to open Checkout for.</param>
    public sealed record Booked(Booking Booking, Payments.Payment? Payment = null) : BookingOutcome;

    /// <summary>A paid session, but online payment is not set up (no Stripe keys).</summary>
    public sealed record PaymentsUnavailable : BookingOutcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : BookingOutcome;

    public sealed record UnknownSessionType(string Slug) : BookingOutcome;

    public sealed record NotAllowed(GateVerdict Verdict) : BookingOutcome;

    /// <summary>The time is not (or no longer) offered: taken a moment ago, or outside the rules.</summary>
    public sealed record TimeUnavailable : BookingOutcome;

    /// <summary>
    /// A guest's booking, told back in nothing but what they typed: the same for an address the practice did not know
    /// (the booking is confirmed and the email says so) and one it knows (the time is held until the email's link
    /// confirms it). <paramref name="Id"/> names the booking or the held time.
    /// </summary>
    public sealed record HeldForGuest(Guid Id, SessionType Type, DateTimeOffset Start, DateTimeOffset End, string TimeZone, string Name)
        : BookingOutcome
    {
        public static HeldForGuest Of(Guid id, SessionType type, NodaTime.Instant start, string timeZone, Clients.ContactDetails contact) =>
            new(id, type, start.ToDateTimeOffset(), (start + NodaTime.Duration.FromTimeSpan(type.Duration)).ToDateTimeOffset(), timeZone, contact.Name);
    }

    /// <summary>A confirmation link that is unknown, used, replaced by a newer one, or past its time.</summary>
    public sealed record LinkRefused(string Reason) : BookingOutcome;
}
