using System.Security.Cryptography;

namespace Portal.Core.Identity;

/// <summary>
/// A signed-in session. The token itself is only ever in the user's hands; the database keeps its SHA-256,
/// so a leaked table signs nobody in.
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

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>A new session and its token (32 random bytes, base64url), which is shown once and never stored.</summary>
    public static (UserSession Session, string Token) Start(UserAccount user, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var session = new UserSession
        {
            User = user,
            UserId = user.Id,
            TokenHash = HashOf(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        return (session, token);
    }

    public static byte[] HashOf(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
