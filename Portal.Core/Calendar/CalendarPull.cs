using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Portal.Core.Availability;
using Portal.Core.Data;

namespace Portal.Core.Calendar;

/// <summary>
/// Reads her busy calendars into blocked times: a full read of now → the booking horizon the first time and once a day
/// after, and in between only what changed (the stored <c>nextSyncToken</c>); a token Google no longer knows (410)
/// starts that calendar afresh.
/// Everything is read before anything is written, and written in one transaction, so an error half-way changes
/// nothing and <c>calendar_version</c> moves once. One replica at a time (a PostgreSQL advisory lock).
/// </summary>
public sealed class CalendarPull(PortalDb db, IGoogleCalendarApi google, GoogleAccess access, TimeProvider clock, ILogger<CalendarPull> logger)
{
    public const string LockKey = "google-calendar-pull";

    /// <summary>
    /// How often a calendar is read whole again. The window moves on a day each day, and an event that has not changed
    /// since before it came into the window is in no incremental read: her holiday in August, or the August Thursdays of
    /// a weekly event, would never close their slots. A read covers two days past the horizon (counted in her whole
    /// days), so the last bookable day is always inside the latest daily read.
    /// </summary>
    public static readonly TimeSpan FullReadEvery = TimeSpan.FromDays(1);

    public Task<PullOutcome> SyncAsync(CancellationToken cancellationToken) => SyncAsync(unlessReadWithin: null, cancellationToken);

    /// <summary>
    /// Every busy calendar is read whole at the next sync: the horizon grew, and the days it opened were never read
    /// (only a full read reaches an event that has not changed).
    /// </summary>
    public static Task ReadWholeNextTimeAsync(PortalDb db, CancellationToken cancellationToken) =>
        db.CalendarCursors.ExecuteUpdateAsync(set => set.SetProperty(c => c.FullSyncAt, (DateTimeOffset?)null), cancellationToken);

    /// <param name="unlessReadWithin">
    /// A read attempted this recently (by any replica, or her "Sync now") is not made again: each Worker replica keeps
    /// its own timer, and without this every replica would read her calendars once an interval.
    /// </param>
    public async Task<PullOutcome> SyncAsync(TimeSpan? unlessReadWithin, CancellationToken cancellationToken)
    {
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await using var held = await ReplicaLocks.TryTakeAsync(lockConnection, LockKey, cancellationToken);
        if (held is null)
        {
            return PullOutcome.Busy;
        }

        var connection = await db.GoogleConnections.AsNoTracking().CurrentAsync(cancellationToken);
        if (connection is null)
        {
            return PullOutcome.NotConnected;
        }

        if (connection.IsBroken)
        {
            return PullOutcome.Broken;
        }

        if (unlessReadWithin is { } within && connection.LastSyncAttemptAt is { } lastRead && clock.GetUtcNow() - lastRead < within)
        {
            return PullOutcome.ReadRecently;
        }

        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(practice.TimeZone) ?? DateTimeZone.Utc;
        var now = clock.GetUtcNow();
        var window = (From: now, To: now.AddDays(practice.BookingHorizonDays + 2));
        var cursors = await db.CalendarCursors.AsNoTracking().Where(c => c.ConnectionId == connection.Id)
            .ToDictionaryAsync(c => c.CalendarId, cancellationToken);

        var read = new List<CalendarRead>();
        IReadOnlyList<CalendarChoice>? calendars = null;
        try
        {
            var token = await access.TokenAsync(db, connection, cancellationToken);
            try
            {
                calendars = await google.ListCalendarsAsync(token, cancellationToken);
            }
            catch (GoogleApiException e) when (e.Status == 401)
            {
                token = await access.TokenAsync(db, connection, cancellationToken, forceRefresh: true);
                calendars = await google.ListCalendarsAsync(token, cancellationToken);
            }

            foreach (var calendarId in connection.BusyCalendarIds)
            {
                var syncToken = cursors.GetValueOrDefault(calendarId) is { FullSyncAt: { } fullAt } cursor && now - fullAt < FullReadEvery
                    ? cursor.SyncToken
                    : null;
                try
                {
                    read.Add(await ReadAsync(token, calendarId, syncToken, window, cancellationToken));
                }
                catch (GoogleApiException e) when (e.Status == 410 && syncToken is not null)
                {
                    logger.LogInformation("Google asked for a full sync of a calendar; reading it afresh");
                    read.Add(await ReadAsync(token, calendarId, null, window, cancellationToken));
                }
            }
        }
        catch (GoogleConnectionBrokenException)
        {
            return PullOutcome.Broken;
        }
        catch (Exception e) when (e is GoogleApiException or HttpRequestException
                                      || e is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested
                                      || e.GetType().Name is "TimeoutRejectedException" or "BrokenCircuitException")
        {
            var words = InWords(e);
            logger.LogWarning("Reading Google Calendar failed; the blocks stay as they were: {Error}", e.Message);
            await db.GoogleConnections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.LastError, words)
                .SetProperty(c => c.LastErrorAt, now.ToUniversalTime())
                .SetProperty(c => c.LastSyncAttemptAt, now.ToUniversalTime()), cancellationToken);
            return PullOutcome.Failed(words);
        }

        return await ApplyAsync(connection.Id, read, calendars, zone, now, cancellationToken);
    }

    private async Task<CalendarRead> ReadAsync(
        string token, string calendarId, string? syncToken, (DateTimeOffset From, DateTimeOffset To) window, CancellationToken cancellationToken)
    {
        var events = new Dictionary<string, GoogleEvent>();
        string? pageToken = null;
        while (true)
        {
            var page = await google.ListEventsAsync(token, calendarId, syncToken, window.From, window.To, pageToken, cancellationToken);
            foreach (var e in page.Items)
            {
                if (e.Id is { } id)
                {
                    events[id] = e;
                }
            }

            if (page.NextPageToken is null)
            {
                return new CalendarRead(calendarId, Full: syncToken is null, events.Values.ToList(), page.NextSyncToken);
            }

            pageToken = page.NextPageToken;
        }
    }

    private async Task<PullOutcome> ApplyAsync(
        Guid connectionId, List<CalendarRead> read, IReadOnlyList<CalendarChoice>? calendars, DateTimeZone zone, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var (added, changed, removed) = (0, 0, 0);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAsync(GoogleConnect.LockKey, cancellationToken);
            var connection = await db.GoogleConnections.AsTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
            if (connection is null)
            {
                return PullOutcome.NotConnected; // disconnected while reading: what was read is hers no more.
            }

            foreach (var calendar in read.Where(r => connection.BusyCalendarIds.Contains(r.CalendarId)))
            {
                var source = PulledEvents.SourceOf(calendar.CalendarId);
                var ids = calendar.Events.Select(e => e.Id!).ToList();
                var existing = await (calendar.Full
                        ? db.BlockedPeriods.AsTracking().Where(b => b.Source == source)
                        : db.BlockedPeriods.AsTracking().Where(b => b.Source == source && ids.Contains(b.ExternalId!)))
                    .ToDictionaryAsync(b => b.ExternalId!, cancellationToken);
                foreach (var e in calendar.Events)
                {
                    var block = PulledEvents.BlockOf(e, zone);
                    var had = existing.Remove(e.Id!, out var current);
                    if (block is not { } times)
                    {
                        if (had)
                        {
                            db.BlockedPeriods.Remove(current!);
                            removed++;
                        }
                    }
                    else if (!had)
                    {
                        db.BlockedPeriods.Add(new BlockedPeriod { Start = times.Start, End = times.End, Source = source, ExternalId = e.Id });
                        added++;
                    }
                    else if (current!.Start != times.Start || current.End != times.End)
                    {
                        (current.Start, current.End) = (times.Start, times.End);
                        changed++;
                    }
                }

                if (calendar.Full)
                {
                    // A full read is the whole truth for its window: what it did not mention is gone.
                    db.BlockedPeriods.RemoveRange(existing.Values);
                    removed += existing.Count;
                }

                var cursor = await db.CalendarCursors.AsTracking()
                    .SingleOrDefaultAsync(c => c.ConnectionId == connectionId && c.CalendarId == calendar.CalendarId, cancellationToken);
                if (cursor is null)
                {
                    cursor = new CalendarCursor { ConnectionId = connectionId, CalendarId = calendar.CalendarId };
                    db.CalendarCursors.Add(cursor);
                }

                cursor.SyncToken = calendar.NextSyncToken;
                if (calendar.Full)
                {
                    cursor.FullSyncAt = now;
                }
            }

            if (calendars is not null)
            {
                connection.ListCalendars(calendars);
            }

            connection.Synced(now, added, changed, removed);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Google Calendar synced: {Added} added, {Changed} changed, {Removed} removed", added, changed, removed);
            return PullOutcome.Synced(added, changed, removed);
        });

    /// <summary>The error for her, on the integrations page.</summary>
    public static string InWords(Exception e) => e switch
    {
        GoogleApiException { Status: 429 } or GoogleApiException { Reason: "rateLimitExceeded" or "userRateLimitExceeded" or "quotaExceeded" } =>
            "Google asked the portal to slow down; the last known busy times stay in place and the next sync tries again.",
        GoogleApiException { Status: >= 500 } =>
            "Google Calendar was not answering properly; the last known busy times stay in place and the next sync tries again.",
        GoogleApiException { Status: 404 } =>
            "One of the calendars chosen as busy no longer exists in Google (or is no longer shared with you); choose again below.",
        GoogleApiException { Status: 401 or 403 } =>
            "Google refused to show a calendar chosen as busy; check its sharing, or reconnect Google Calendar.",
        GoogleApiException api => $"Google Calendar answered with an error ({api.Status}); the last known busy times stay in place.",
        _ => "Google Calendar could not be reached; the last known busy times stay in place and the next sync tries again.",
    };

    private sealed record CalendarRead(string CalendarId, bool Full, List<GoogleEvent> Events, string? NextSyncToken);
}

public sealed record PullOutcome(string Kind, int Added = 0, int Changed = 0, int Removed = 0, string? Error = null)
{
    public static readonly PullOutcome Busy = new("busy");
    public static readonly PullOutcome NotConnected = new("not-connected");
    public static readonly PullOutcome Broken = new("broken");
    public static readonly PullOutcome ReadRecently = new("read-recently");

    public static PullOutcome Synced(int added, int changed, int removed) => new("synced", added, changed, removed);

    public static PullOutcome Failed(string error) => new("failed", Error: error);
}
