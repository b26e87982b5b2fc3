using Portal.Core.Bookings;

namespace Portal.Core.Waitlist;

/// <summary>A place on the waitlist as the client asks for it, before any check.</summary>
/// <param name="From">The first day, in <paramref name="TimeZone"/> (or the client's zone).</param>
/// <param name="PartsOfDay">"morning", "afternoon", "evening"; none means any time of day.</param>
public sealed record JoinWaitlistRequest(string? SessionType, DateOnly? From, DateOnly? To, string[]? PartsOfDay, string? TimeZone = null);

public abstract record JoinOutcome
{
    public sealed record Joined(WaitlistEntry Entry) : JoinOutcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : JoinOutcome;

    public sealed record UnknownSessionType(string Slug) : JoinOutcome;

    /// <summary>Someone who may not book the type may not wait for it either.</summary>
    public sealed record NotAllowed(GateVerdict Verdict) : JoinOutcome;

    public sealed record TooMany : JoinOutcome;
}

public abstract record TakeOutcome
{
    public sealed record NotFound : TakeOutcome;

    /// <summary>The offer expired (the time went to the next in line) or its place on the waitlist was left.</summary>
    public sealed record Ended : TakeOutcome;

    /// <summary>What the normal booking path said: booked (paid types await payment), or refused.</summary>
    public sealed record Placed(BookingOutcome Outcome) : TakeOutcome;
}

/// <summary>A client's place on the waitlist and the offer open for it, if any.</summary>
public sealed record WaitingPlace(WaitlistEntry Entry, WaitlistOffer? Offer);
