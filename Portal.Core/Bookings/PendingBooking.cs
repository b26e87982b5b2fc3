using Portal.Core.Clients;

namespace Portal.Core.Bookings;

/// <summary>
/// A guest's booking made with the address of someone the practice already knows. Its time is held as a booking's
/// would be, but nothing joins that person's record until the address proves itself through the link emailed to it:
/// whoever typed the address may not be them. Unconfirmed, it is let go at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class PendingBooking
{
    /// <summary>How long the time is held for the address to confirm, at most (never past the session's start).</summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromHours(24);

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

    public string? Note { get; private set; }

    public Guid SessionTypeId { get; private set; }

    public SessionType SessionType { get; private set; } = null!;

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset OccupiedFrom { get; private set; }

    public DateTimeOffset OccupiedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The privacy notice the visitor agreed to on the booking form.</summary>
    public string PrivacyNoticeVersion { get; private set; } = "";

    public ContactDetails Contact => new(Name, Email, Phone);

    public static PendingBooking Hold(
        ContactDetails contact, string timeZone, string? note, SessionType type, DateTimeOffset start, Guid linkId,
        string privacyNoticeVersion, DateTimeOffset now)
    {
        start = start.ToUniversalTime();
        var until = now.ToUniversalTime() + ConfirmWithin;
        return new PendingBooking
        {
            EmailKey = ContactDetails.EmailKeyOf(contact.Email),
            LinkId = linkId,
            Name = contact.Name,
            Email = contact.Email,
            Phone = contact.Phone,
            TimeZone = timeZone,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            SessionType = type,
            SessionTypeId = type.Id,
            StartsAt = start,
            OccupiedFrom = start - type.BufferBefore,
            OccupiedUntil = start + type.Duration + type.BufferAfter,
            CreatedAt = now.ToUniversalTime(),
            ExpiresAt = until < start ? until : start,
            PrivacyNoticeVersion = privacyNoticeVersion,
        };
    }
}
