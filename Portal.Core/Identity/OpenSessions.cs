using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Identity;

/// <summary>A person's own sessions that still work: always scoped to one user, and never with a token's hash.</summary>
public static class OpenSessions
{
    public static async Task<List<OpenSession>> OpenSessionsOfAsync(this PortalDb db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(cancellationToken);
        // The idle timeout is a rule on the row, not a column: apply it here as sign-in does.
        return [.. sessions.Where(s => s.IsValidAt(now)).Select(s => new OpenSession(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt))];
    }

    /// <summary>Ends one of the person's own sessions; false when they have no such open session.</summary>
    public static async Task<bool> EndOwnSessionAsync(
        this PortalDb db, Guid userId, Guid sessionId, DateTimeOffset now, string? ipAddress, CancellationToken cancellationToken)
    {
        var session = await db.UserSessions.Include(s => s.User)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null || !session.IsValidAt(now))
        {
            return false;
        }

        session.Revoke(now, "ended-from-another-session");
        db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.SignedOut, now, ipAddress, session.User.EmailKey, userId, "ended from another session"));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

public sealed record OpenSession(Guid Id, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt);
