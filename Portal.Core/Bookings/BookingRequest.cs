namespace Portal.Core.Bookings;

/// <summary>A booking as the visitor submits it, before any check.</summary>
public sealed record BookingRequest(
    string? SessionType,
    DateTimeOffset? Start,
    string? Name,
    string? Email,
    string? Phone,
    string? TimeZone,
    string? Note);

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
}
