namespace Portal.Core.Calendar;

/// <summary>
/// The practice's one connected Google account: its tokens sealed at rest (bound to this row), which calendars count
/// as busy and which receives bookings, and how the last sync went. Reconnecting replaces the row.
/// </summary>
public sealed class GoogleConnection
{
    public const string Primary = "primary";

    private GoogleConnection()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>The Google account (its primary calendar's id, which is its address).</summary>
    public string Account { get; private set; } = "";

    public byte[] SealedRefreshToken { get; private set; } = [];

    public byte[]? SealedAccessToken { get; private set; }

    public DateTimeOffset? AccessTokenExpiresAt { get; private set; }

    public DateTimeOffset ConnectedAt { get; private set; }

    /// <summary>Set when Google refused the refresh token (revoked there): nothing is pushed or pulled until she reconnects.</summary>
    public DateTimeOffset? BrokenAt { get; private set; }

    /// <summary>Her calendars as Google listed them last, to choose from.</summary>
    public List<CalendarChoice> Calendars { get; private set; } = [];

    /// <summary>The calendars whose events close times for bookings.</summary>
    public List<string> BusyCalendarIds { get; private set; } = [Primary];

    /// <summary>The calendar bookings are written into.</summary>
    public string DestinationCalendarId { get; private set; } = Primary;

    public DateTimeOffset? LastSyncAt { get; private set; }

    public int LastSyncAdded { get; private set; }

    public int LastSyncChanged { get; private set; }

    public int LastSyncRemoved { get; private set; }

    /// <summary>The last attempt, successful or not: the next comes one interval after it.</summary>
    public DateTimeOffset? LastSyncAttemptAt { get; private set; }

    /// <summary>The last thing that went wrong, in words for her; cleared by the next success.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public bool IsBroken => BrokenAt is not null;

    public string RefreshTokenPlace => $"google-connection:{Id:N}:refresh-token";

    public string AccessTokenPlace => $"google-connection:{Id:N}:access-token";

    public static GoogleConnection Connect(Func<GoogleConnection, byte[]> sealRefreshToken, string account, IReadOnlyList<CalendarChoice> calendars, DateTimeOffset now)
    {
        var connection = new GoogleConnection { Account = account, ConnectedAt = now.ToUniversalTime(), Calendars = [.. calendars] };
        connection.SealedRefreshToken = sealRefreshToken(connection);
        return connection;
    }

    public void KeepAccessToken(byte[] sealedToken, DateTimeOffset expiresAt)
    {
        SealedAccessToken = sealedToken;
        AccessTokenExpiresAt = expiresAt.ToUniversalTime();
    }

    public void Break(string reason, DateTimeOffset now)
    {
        BrokenAt ??= now.ToUniversalTime();
        SealedAccessToken = null;
        AccessTokenExpiresAt = null;
        Failed(reason, now);
    }

    /// <summary>Her choice; the caller checked the ids against <see cref="Calendars"/>.</summary>
    public void Choose(IReadOnlyList<string> busy, string destination)
    {
        BusyCalendarIds = [.. busy.Distinct()];
        DestinationCalendarId = destination;
    }

    public void ListCalendars(IReadOnlyList<CalendarChoice> calendars) => Calendars = [.. calendars];

    public void Synced(DateTimeOffset now, int added, int changed, int removed)
    {
        LastSyncAt = LastSyncAttemptAt = now.ToUniversalTime();
        (LastSyncAdded, LastSyncChanged, LastSyncRemoved) = (added, changed, removed);
        LastError = null;
        LastErrorAt = null;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        LastSyncAttemptAt = now.ToUniversalTime();
        LastError = error.Length > 500 ? error[..500] : error;
        LastErrorAt = now.ToUniversalTime();
    }
}

/// <param name="Primary">Her main calendar (its id is her address).</param>
/// <param name="AccessRole"><c>freeBusyReader</c>, <c>reader</c>, <c>writer</c> or <c>owner</c>: bookings need writer or owner.</param>
public sealed record CalendarChoice(string Id, string Summary, bool Primary, string AccessRole)
{
    public bool Writable => AccessRole is "writer" or "owner";
}

/// <summary>Where the incremental sync of one busy calendar goes on from.</summary>
public sealed class CalendarCursor
{
    public Guid ConnectionId { get; set; }

    public string CalendarId { get; set; } = "";

    public string? SyncToken { get; set; }

    public DateTimeOffset? FullSyncAt { get; set; }
}

/// <summary>
/// One connect in progress: the <c>state</c> (stored hashed) bound to the session that began it, and the PKCE
/// verifier (sealed). Spent by the callback; a replayed or foreign state finds nothing.
/// </summary>
public sealed class GoogleAuthorization
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string StateHash { get; set; } = "";

    public Guid SessionId { get; set; }

    public byte[] SealedVerifier { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }

    public string VerifierPlace => $"google-authorization:{StateHash}";
}

public static class GoogleConnections
{
    /// <summary>The practice's connection, if any (there is one at most: a reconnect replaces it).</summary>
    public static Task<GoogleConnection?> CurrentAsync(this IQueryable<GoogleConnection> connections, CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            connections.OrderByDescending(c => c.ConnectedAt), cancellationToken);
}
