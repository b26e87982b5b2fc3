namespace Portal.Core.Identity;

public enum LinkPurpose
{
    /// <summary>"Email me a link": signs in an existing account (or a client's first sign-in).</summary>
    SignIn,

    /// <summary>In a guest's booking confirmation: claims the account the booking created.</summary>
    Claim,

    /// <summary>
    /// To an address the practice knows, after a guest booked with it: confirms the booking (<see cref="Bookings.PendingBooking"/>).
    /// It signs no one in.
    /// </summary>
    ConfirmBooking,
}

/// <summary>
/// A one-time sign-in link. Only the SHA-256 of its token is kept; it works once, until it expires, and only
/// while no newer link for the same address and purpose was issued.
/// </summary>
public sealed class MagicLink
{
    private MagicLink()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string EmailKey { get; private set; } = "";

    public LinkPurpose Purpose { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ConsumedAt { get; private set; }

    public DateTimeOffset? SupersededAt { get; private set; }

    public static (MagicLink Link, string Token) Issue(string emailKey, LinkPurpose purpose, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = SecretTokens.New();
        return (new MagicLink
        {
            EmailKey = emailKey,
            Purpose = purpose,
            TokenHash = SecretTokens.HashOf(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        }, token);
    }

    /// <summary>The purposes whose links sign in.</summary>
    public static readonly LinkPurpose[] SigningIn = [LinkPurpose.SignIn, LinkPurpose.Claim];

    /// <summary>Why the link cannot sign anyone in now, or null when it can.</summary>
    public string? RefusalAt(DateTimeOffset now) =>
        ConsumedAt is not null ? "used"
        : SupersededAt is not null ? "superseded"
        : now >= ExpiresAt ? "expired"
        : null;

    public void Consume(DateTimeOffset now) => ConsumedAt = now;

    public void Supersede(DateTimeOffset now) => SupersededAt ??= now;
}
