using Portal.Core.Clients;

namespace Portal.Core.Bookings;

/// <summary>
/// A guest's booking made with the address of someone the practice already knows. Its time is held as a booking's
/// would be, and for as long (until the session starts: the free times must not tell a held booking from a new
/// client's), but nothing joins that person's record until the address proves itself through the link emailed to it:
/// whoever typed the address may not be them. What they wrote in the note is not kept, so nobody can put words into a
/// client's record. Unconfirmed, it goes once its session has started (the retention purge).
/// </summary>
public sealed class PendingBooking
{
    private PendingBooking()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>The address it waits for; the link that confirms it was sent there.</summary>
    public string EmailKey { get; private set; } = "";

    /// <summary>The one-time link (<see cref="Identity.MagicLink"/>) whose use confirms it.</summary>
    public Guid LinkId { get; private set; }

    /// <summary>What the visitor typed, used only if the address confirms (a new record when the client has gone).</summary>
    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string TimeZone { get; private set; } = "";

    public Guid SessionTypeId { get; private set; }

    public SessionType SessionType { get; private set; } = null!;

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset OccupiedFrom { get; private set; }

    public DateTimeOffset OccupiedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The session's start: the link confirms it until then.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The privacy notice the visitor agreed to on the booking form.</summary>
    public string PrivacyNoticeVersion { get; private set; } = "";

    public ContactDetails Contact => new(Name, Email, Phone);

    public static PendingBooking Hold(
        ContactDetails contact, string timeZone, SessionType type, DateTimeOffset start, Guid linkId, string privacyNoticeVersion,
        DateTimeOffset now)
    {
        start = start.ToUniversalTime();
        return new PendingBooking
        {
            EmailKey = ContactDetails.EmailKeyOf(contact.Email),
            LinkId = linkId,
            Name = contact.Name,
            Email = contact.Email,
            Phone = contact.Phone,
            TimeZone = timeZone,
            SessionType = type,
            SessionTypeId = type.Id,
            StartsAt = start,
            OccupiedFrom = start - type.BufferBefore,
            OccupiedUntil = start + type.Duration + type.BufferAfter,
            CreatedAt = now.ToUniversalTime(),
            ExpiresAt = start,
            PrivacyNoticeVersion = privacyNoticeVersion,
        };
    }
}
