using Portal.Core.Bookings;

namespace Portal.Core.Waitlist;

/// <summary>
/// A client waiting for a time of one session type, on days <see cref="FirstDay"/>..<see cref="LastDay"/> and at the
/// parts of the day they chose, both in their time zone. Offers go to entries in the order they joined.
/// Leaving deletes it (and its offers); taking an offer ends it.
/// </summary>
public sealed class WaitlistEntry
{
    private WaitlistEntry()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public Guid SessionTypeId { get; private set; }

    public SessionType SessionType { get; private set; } = null!;

    public DateOnly FirstDay { get; private set; }

    public DateOnly LastDay { get; private set; }

    public PartsOfDay PartsOfDay { get; private set; }

    /// <summary>The zone the days and parts of the day are read in: the client's when they joined.</summary>
    public string TimeZone { get; private set; } = "";

    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>When they took an offer: nothing more is offered.</summary>
    public DateTimeOffset? BookedAt { get; private set; }

    public Guid? BookingId { get; private set; }

    public static WaitlistEntry Join(
        Guid clientId, SessionType type, DateOnly firstDay, DateOnly lastDay, PartsOfDay parts, string timeZone, DateTimeOffset now) => new()
    {
        ClientId = clientId,
        SessionType = type,
        SessionTypeId = type.Id,
        FirstDay = firstDay,
        LastDay = lastDay,
        PartsOfDay = parts,
        TimeZone = timeZone,
        JoinedAt = now.ToUniversalTime(),
    };

    public void Booked(Guid bookingId, DateTimeOffset now) => (BookingId, BookedAt) = (bookingId, now.ToUniversalTime());
}
