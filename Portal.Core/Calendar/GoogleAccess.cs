using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Sealing;

namespace Portal.Core.Calendar;

/// <summary>
/// A usable access token for the connection: the sealed one while it lasts, else a fresh one from the refresh token
/// (sealed and kept). Google refusing the refresh token (<c>invalid_grant</c>: revoked or expired there) breaks the
/// connection and tells her, once.
/// </summary>
public sealed class GoogleAccess(IGoogleCalendarApi google, Sealer sealer, TimeProvider clock)
{
    public const string BrokenSentence =
        "Google refused the portal's access (it was revoked or has expired). Reconnect Google Calendar; bookings owed to it wait until then.";

    /// <summary>Tokens with less than this left are refreshed first: a call must not run out half-way.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <exception cref="GoogleConnectionBrokenException">Google refused the refresh token; the connection is now broken (saved).</exception>
    public async Task<string> TokenAsync(PortalDb db, GoogleConnection connection, CancellationToken cancellationToken, bool forceRefresh = false)
    {
        if (connection.IsBroken)
        {
            throw new GoogleConnectionBrokenException();
        }

        var now = clock.GetUtcNow();
        if (!forceRefresh && connection is { SealedAccessToken: { } kept, AccessTokenExpiresAt: { } expires } && expires - Margin > now)
        {
            return sealer.Open(kept, connection.AccessTokenPlace);
        }

        GoogleTokens fresh;
        try
        {
            fresh = await google.RefreshAsync(sealer.Open(connection.SealedRefreshToken, connection.RefreshTokenPlace), cancellationToken);
        }
        catch (GoogleApiException e) when (e.IsInvalidGrant)
        {
            await BreakAsync(db, connection.Id, cancellationToken);
            throw new GoogleConnectionBrokenException();
        }

        var sealedToken = sealer.Seal(fresh.AccessToken, connection.AccessTokenPlace);
        var expiresAt = now + fresh.ExpiresIn;
        connection.KeepAccessToken(sealedToken, expiresAt);
        await db.GoogleConnections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.SealedAccessToken, sealedToken)
            .SetProperty(c => c.AccessTokenExpiresAt, expiresAt.ToUniversalTime()), cancellationToken);
        return fresh.AccessToken;
    }

    /// <summary>Marks the connection broken and tells her, in its own transaction (whatever the caller was doing failed).</summary>
    private async Task BreakAsync(PortalDb db, Guid connectionId, CancellationToken cancellationToken)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = await db.GoogleConnections.AsTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
            if (connection is null || connection.IsBroken)
            {
                return;
            }

            var now = clock.GetUtcNow();
            connection.Break(BrokenSentence, now);
            new SideEffects(db, clock).Enqueue(OutboxTypes.Notification,
                new NotificationRequest(Audience.Therapist, null, "Reconnect Google Calendar",
                    "Google refused the portal's access. Bookings are not written to your calendar, and its busy times are not read, until you reconnect.",
                    "/admin/integrations"),
                $"google:{connection.Id:N}:broken");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }
}

/// <summary>The connection is broken (Google refused its refresh token): she must reconnect.</summary>
public sealed class GoogleConnectionBrokenException() : Exception(GoogleAccess.BrokenSentence);
