using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Sealing;

namespace Portal.Core.Calendar;

/// <summary>
/// Connecting her Google account: the OAuth web-server flow with PKCE (S256), a <c>state</c> bound to the session that
/// began it and spent once, offline access with fresh consent (so Google always gives a refresh token), the refresh
/// token sealed at rest. Then choosing calendars, and disconnecting.
/// </summary>
public sealed class GoogleConnect(
    PortalDb db, IGoogleCalendarApi google, Sealer sealer, IOptionsMonitor<GoogleSettings> options, CalendarBackfill backfill,
    TimeProvider clock, ILogger<GoogleConnect> logger)
{
    public const string LockKey = "google-connection";

    public bool IsConfigured => options.CurrentValue.IsConfigured;

    /// <summary>Where to send her browser to give consent; the state is remembered for her session only.</summary>
    public async Task<Uri> BeginAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var state = SecretTokens.New();
        var verifier = SecretTokens.New() + SecretTokens.New(); // 86 characters of [A-Za-z0-9-_], as RFC 7636 asks (43–128).
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var now = clock.GetUtcNow();
        var authorization = new GoogleAuthorization { StateHash = Hash(state), SessionId = sessionId, ExpiresAt = now + GoogleAuthorization.Lifetime };
        authorization.SealedVerifier = sealer.Seal(verifier, authorization.VerifierPlace);
        await db.GoogleAuthorizations.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.GoogleAuthorizations.Add(authorization);
        await db.SaveChangesAsync(cancellationToken);

        var query = new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId!,
            ["redirect_uri"] = settings.RedirectUri!.AbsoluteUri,
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', GoogleSettings.Scopes),
            ["state"] = state,
            ["access_type"] = "offline",
            ["prompt"] = "consent",
            ["include_granted_scopes"] = "true",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        return new Uri($"{settings.AuthorizeEndpoint}?{string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}");
    }

    /// <summary>Google sent her back: spends the state, exchanges the code, records the account, owes the backfill.</summary>
    public async Task<ConnectOutcome> FinishAsync(Guid sessionId, string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        var authorization = state is { Length: > 0 and <= 200 } ? await SpendAsync(state, cancellationToken) : null;
        if (authorization is null || authorization.SessionId != sessionId || authorization.ExpiresAt <= clock.GetUtcNow())
        {
            return ConnectOutcome.Fail("stale-state",
                "This answer from Google does not belong to a connection you started here, or it was used already. Start again with “Connect Google Calendar”.");
        }

        if (error is not null)
        {
            return error == "access_denied"
                ? ConnectOutcome.Fail("access-denied", "You did not allow the portal to use your Google Calendar, so nothing was connected.")
                : ConnectOutcome.Fail("google-error", $"Google did not connect your calendar ({(error.Length > 60 ? error[..60] : error)}). Try again.");
        }

        if (code is not { Length: > 0 })
        {
            return ConnectOutcome.Fail("no-code", "Google's answer carried no authorization code. Start again with “Connect Google Calendar”.");
        }

        GoogleTokens tokens;
        IReadOnlyList<CalendarChoice> calendars;
        try
        {
            tokens = await google.ExchangeCodeAsync(code, sealer.Open(authorization.SealedVerifier, authorization.VerifierPlace), cancellationToken);
            if (tokens.RefreshToken is null)
            {
                return ConnectOutcome.Fail("no-refresh-token",
                    "Google gave no lasting access (no refresh token). Remove the portal from your Google account's third-party access and connect again.");
            }

            calendars = await google.ListCalendarsAsync(tokens.AccessToken, cancellationToken);
        }
        catch (GoogleApiException e) when (e.Status is >= 400 and < 500 && !e.IsTransient)
        {
            logger.LogWarning("Google refused to finish connecting: {Error}", e.Message);
            return ConnectOutcome.Fail("google-refused",
                "Google did not accept this answer (it may have been used already, or taken too long). Start again with “Connect Google Calendar”.");
        }
        catch (Exception e) when (e is GoogleApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Connecting Google Calendar failed: {Error}", e.Message);
            return ConnectOutcome.Fail("google-unavailable", "Google could not be reached to finish connecting. Try again in a few minutes.");
        }

        var account = calendars.FirstOrDefault(c => c.Primary)?.Id ?? "your Google account";
        var connection = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAsync(LockKey, cancellationToken);
            var previous = await db.GoogleConnections.AsTracking().ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var connection = GoogleConnection.Connect(c => sealer.Seal(tokens.RefreshToken!, c.RefreshTokenPlace), account, calendars, now);
            if (previous.FirstOrDefault() is { } before)
            {
                // A reconnect keeps her choices where the calendars still exist.
                var ids = calendars.Select(c => c.Id).ToHashSet();
                var busy = before.BusyCalendarIds.Where(ids.Contains).ToList();
                connection.Choose(busy.Count > 0 ? busy : [GoogleConnection.Primary],
                    ids.Contains(before.DestinationCalendarId) ? before.DestinationCalendarId : GoogleConnection.Primary);
            }

            connection.KeepAccessToken(sealer.Seal(tokens.AccessToken, connection.AccessTokenPlace), now + tokens.ExpiresIn);
            db.GoogleConnections.RemoveRange(previous);
            db.GoogleConnections.Add(connection);
            await backfill.OweAsync(connection, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return connection;
        });
        logger.LogInformation("Google Calendar connected ({Calendars} calendars)", calendars.Count);
        return ConnectOutcome.Connected(connection);
    }

    /// <summary>Revokes the token at Google (best effort), deletes the tokens and the blocks pulled from Google.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        var connection = await db.GoogleConnections.AsNoTracking().CurrentAsync(cancellationToken);
        if (connection is null)
        {
            return;
        }

        try
        {
            await google.RevokeAsync(sealer.Open(connection.SealedRefreshToken, connection.RefreshTokenPlace), cancellationToken);
        }
        catch (Exception e) when (e is GoogleApiException or HttpRequestException or SealedValueException
                                      || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Already revoked there, or Google away: the tokens are deleted here all the same, and never used again.
            logger.LogWarning("Revoking the Google token failed: {Error}", e.Message);
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAsync(LockKey, cancellationToken);
            await db.BlockedPeriods.Where(b => b.Source.StartsWith(PulledEvents.SourcePrefix)).ExecuteDeleteAsync(cancellationToken);
            await db.GoogleConnections.ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>What is wrong with her choice, by field; empty when it was saved.</summary>
    public async Task<Dictionary<string, string[]>?> ChooseAsync(IReadOnlyList<string>? busy, string? destination, CancellationToken cancellationToken)
    {
        var connection = await db.GoogleConnections.AsTracking().CurrentAsync(cancellationToken);
        if (connection is null)
        {
            return null;
        }

        var errors = CalendarChoices.Check(connection.Calendars, busy, destination);
        if (errors.Count > 0)
        {
            return errors;
        }

        var before = connection.BusyCalendarIds.ToList();
        // Her main calendar goes by "primary" whichever way it was named, so it is never read twice.
        string Named(string id) => connection.Calendars.Any(c => c.Primary && c.Id == id) ? GoogleConnection.Primary : id;
        connection.Choose([.. busy!.Select(Named)], Named(destination!));
        // Blocks of a calendar that no longer counts as busy go now; a newly busy one is read at the next sync.
        var dropped = before.Except(connection.BusyCalendarIds).Select(PulledEvents.SourceOf).ToList();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.BlockedPeriods.Where(b => dropped.Contains(b.Source)).ExecuteDeleteAsync(cancellationToken);
            var droppedIds = before.Except(connection.BusyCalendarIds).ToList();
            await db.CalendarCursors.Where(c => c.ConnectionId == connection.Id && droppedIds.Contains(c.CalendarId)).ExecuteDeleteAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return [];
    }

    private async Task<GoogleAuthorization?> SpendAsync(string state, CancellationToken cancellationToken)
    {
        var hash = Hash(state);
        var found = await db.GoogleAuthorizations.AsNoTracking().SingleOrDefaultAsync(a => a.StateHash == hash, cancellationToken);
        // Only the request that deletes the row spends it: two callbacks with one state, one wins.
        return found is not null && await db.GoogleAuthorizations.Where(a => a.StateHash == hash).ExecuteDeleteAsync(cancellationToken) == 1
            ? found
            : null;
    }

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record ConnectOutcome(GoogleConnection? Connection, string? Code, string? Problem)
{
    public static ConnectOutcome Connected(GoogleConnection connection) => new(connection, null, null);

    public static ConnectOutcome Fail(string code, string problem) => new(null, code, problem);
}

public static class CalendarChoices
{
    public static Dictionary<string, string[]> Check(IReadOnlyList<CalendarChoice> calendars, IReadOnlyList<string>? busy, string? destination)
    {
        var errors = new Dictionary<string, string[]>();
        bool Known(string id) => id == GoogleConnection.Primary || calendars.Any(c => c.Id == id);
        if (busy is null || busy.Count == 0)
        {
            errors["busyCalendarIds"] = ["Choose at least one calendar whose events close times (\"primary\" is your main one)."];
        }
        else if (busy.FirstOrDefault(id => id is null || !Known(id)) is { } unknown)
        {
            errors["busyCalendarIds"] = [$"'{unknown}' is not one of your Google calendars; choose from the list."];
        }

        if (destination is not { Length: > 0 })
        {
            errors["destinationCalendarId"] = ["Choose the calendar bookings are written into (\"primary\" is your main one)."];
        }
        else if (!Known(destination))
        {
            errors["destinationCalendarId"] = [$"'{destination}' is not one of your Google calendars; choose from the list."];
        }
        else if (destination != GoogleConnection.Primary && calendars.FirstOrDefault(c => c.Id == destination) is { Writable: false })
        {
            errors["destinationCalendarId"] = ["You can only read that calendar in Google; choose one you can add events to."];
        }

        return errors;
    }
}
