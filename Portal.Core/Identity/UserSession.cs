namespace Portal.Core.Identity;

/// <summary>
/// A signed-in session. The token itself is only ever in the user's hands; the database keeps its SHA-256,
/// so a leaked table signs nobody in. Sliding: each use pushes the expiry on; an idle timeout (the therapist's)
/// ends it sooner when nobody uses it.
/// </summary>
public sealed class UserSession
{
    private UserSession()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid UserId { get; private set; }

    public UserAccount User { get; private set; } = null!;

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>How far each use pushes <see cref="ExpiresAt"/>.</summary>
    public TimeSpan SlidingLifetime { get; private set; }

    /// <summary>Ends the session after this long unused, whatever <see cref="ExpiresAt"/> says; null for none.</summary>
    public TimeSpan? IdleTimeout { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBecause { get; private set; }

    /// <summary>A new session and its token, which is shown once and never stored.</summary>
    public static (UserSession Session, string Token) Start(UserAccount user, DateTimeOffset now, TimeSpan lifetime, TimeSpan? idleTimeout = null)
    {
        var token = SecretTokens.New();
        var session = new UserSession
        {
            User = user,
            UserId = user.Id,
            TokenHash = SecretTokens.HashOf(token),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime,
            SlidingLifetime = lifetime,
            IdleTimeout = idleTimeout,
        };
        return (session, token);
    }

    public bool IsValidAt(DateTimeOffset now) =>
        RevokedAt is null && now < ExpiresAt && (IdleTimeout is not { } idle || now - LastSeenAt < idle);

    /// <summary>Worth a write only now and then: a busy page must not update the row on every request.</summary>
    public bool ShouldSlide(DateTimeOffset now) => now - LastSeenAt >= TimeSpan.FromMinutes(1);

    public void Revoke(DateTimeOffset now, string because)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBecause = because;
        }
    }
}
