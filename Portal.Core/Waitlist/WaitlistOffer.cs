namespace Portal.Core.Waitlist;

public enum OfferStatus
{
    /// <summary>Held for the client until <see cref="WaitlistOffer.ExpiresAt"/>: nobody else is offered or can book the time.</summary>
    Open,
    Taken,
    /// <summary>Not taken in time: the time goes to the next in line.</summary>
    Expired,
}

/// <summary>
/// A freed time offered to one waiting client. While open it holds the time like a booking (the availability reads
/// it, and a partial exclusion constraint refuses two open offers over the same time), so it is offered to one person
/// at a time. An entry is never offered the same start twice.
/// </summary>
public sealed class WaitlistOffer
{
    private WaitlistOffer()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid EntryId { get; private set; }

    public Guid ClientId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public DateTimeOffset OccupiedFrom { get; private set; }

    public DateTimeOffset OccupiedUntil { get; private set; }

    public DateTimeOffset OfferedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public OfferStatus Status { get; private set; }

    public Guid? BookingId { get; private set; }

    /// <param name="hold">How long it is held (<see cref="WaitlistOptions.OfferHold"/>), and never past the session's start.</param>
    public static WaitlistOffer For(WaitlistEntry entry, DateTimeOffset start, TimeSpan hold, DateTimeOffset now)
    {
        start = start.ToUniversalTime();
        var type = entry.SessionType;
        var expires = now.ToUniversalTime() + hold;
        return new WaitlistOffer
        {
            EntryId = entry.Id,
            ClientId = entry.ClientId,
            StartsAt = start,
            EndsAt = start + type.Duration,
            OccupiedFrom = start - type.BufferBefore,
            OccupiedUntil = start + type.Duration + type.BufferAfter,
            OfferedAt = now.ToUniversalTime(),
            ExpiresAt = expires < start ? expires : start,
            Status = OfferStatus.Open,
        };
    }

    /// <summary>Where the client sees it in the portal, with the button that takes it.</summary>
    public static string LinkTo(Guid offerId) => $"/me/waitlist#offer-{offerId}";

    public bool IsOpenAt(DateTimeOffset now) => Status == OfferStatus.Open && now < ExpiresAt;

    public void Taken(Guid bookingId) => (Status, BookingId) = (OfferStatus.Taken, bookingId);
}
