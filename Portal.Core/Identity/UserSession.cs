namespace Portal.Core.Identity;

/// <summary>
/// A signed-in session. The token itself is only ever in the user's hands; the database keeps its SHA-256,
/// so a leaked table signs nobody in. A client's slides: each use pushes the expiry on. The therapist's ends at a
/// fixed time after sign-in however busy she is, and sooner after an idle timeout.
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

    /// <summary>How far each use pushes <see cref="ExpiresAt"/>; zero for a session whose end is fixed at sign-in.</summary>
    public TimeSpan SlidingLifetime { get; private set; }

    /// <summary>Ends the session after this long unused, whatever <see cref="ExpiresAt"/> says; null for none.</summary>
    public TimeSpan? IdleTimeout { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBecause { get; private set; }

    /// <summary>A new session and its token, which is shown once and never stored.</summary>
    /// <param name="slides">False: the session ends <paramref name="lifetime"/> after sign-in, however much it is used.</param>
    public static (UserSession Session, string Token) Start(
        UserAccount user, DateTimeOffset now, TimeSpan lifetime, TimeSpan? idleTimeout = null, bool slides = true)
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
            SlidingLifetime = slides ? lifetime : TimeSpan.Zero,
            IdleTimeout = idleTimeout,
        };
        return (session, token);
    }

    public bool IsValidAt(DateTimeOffset now) =>
        RevokedAt is null && now < ExpiresAt && (IdleTimeout is not { } idle || now - LastSeenAt < idle);

    /// <summary>Worth a write only now and then: a busy page must not update the row on every request.</summary>
    public bool ShouldSlide(DateTimeOffset now) => now - LastSeenAt >= TimeSpan.FromMinutes(1);

    /// <summary>The expiry a use at <paramref name="now"/> leaves: pushed on for a sliding session, never past a fixed end.</summary>
    public DateTimeOffset ExpiresAfterUseAt(DateTimeOffset now) =>
        SlidingLifetime > TimeSpan.Zero && now + SlidingLifetime > ExpiresAt ? now + SlidingLifetime : ExpiresAt;

    public void Revoke(DateTimeOffset now, string because)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBecause = because;
        }
    }
}
