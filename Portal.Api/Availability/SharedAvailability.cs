using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Api.Availability;

/// <summary>
/// The public slot search's reads of the calendar, shared by every search of the same stretch of time until something
/// in the calendar changes. Each search reads <c>calendar_version</c> (one row, moved on at commit by a trigger on
/// every table the free times depend on) and uses it in the key, so a booking or block written by any replica is seen
/// by the next search. Booking itself never reads from here: it reads afresh under its locks.
/// The cache is bounded in bytes (<see cref="AvailabilityCacheOptions.MaxBytes"/>): whatever the searches, it cannot
/// grow past it.
/// </summary>
public sealed class SharedAvailability(IServiceScopeFactory scopes, IOptions<AvailabilityCacheOptions> options) : IDisposable
{
    private readonly MemoryCache reads = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxBytes });

    public async Task<long> ReadVersionAsync(PortalDb db, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<long>($"SELECT version AS \"Value\" FROM calendar_version WHERE id = 1")
            .SingleAsync(cancellationToken);

    /// <summary>The version as the watch knows it; read (and taught to the watch) while it is not sure.</summary>
    public async Task<long> VersionAsync(CalendarVersionWatch watch, PortalDb db, CancellationToken cancellationToken)
    {
        if (watch.Known is { } known)
        {
            return known;
        }

        var doubts = watch.Doubts;
        var read = await ReadVersionAsync(db, cancellationToken);
        watch.Learn(read, doubts);
        return read;
    }

    /// <summary>The bookable session types in display order, as they were at <paramref name="version"/> (session types move the version too).</summary>
    public Task<IReadOnlyList<SessionType>> ActiveSessionTypesAsync(long version, CancellationToken cancellationToken) =>
        Shared(("session types", version), 4096, async services =>
            (IReadOnlyList<SessionType>)await services.GetRequiredService<PortalDb>().SessionTypes.AsNoTracking()
                .Where(t => t.IsActive).OrderBy(t => t.DisplayOrder).ThenBy(t => t.Name).ToListAsync(CancellationToken.None),
            cancellationToken);

    public async Task<SessionType?> ActiveSessionTypeAsync(long version, string? slug, CancellationToken cancellationToken) =>
        (await ActiveSessionTypesAsync(version, cancellationToken)).FirstOrDefault(t => t.Slug == slug);

    /// <summary>The practice's rules as they were at <paramref name="version"/> (they move the version too).</summary>
    public Task<PracticeSettings> SettingsAsync(long version, CancellationToken cancellationToken) =>
        Shared(("settings", version), 1024, async services =>
            await services.GetRequiredService<PortalDb>().PracticeSettings.AsNoTracking().SingleAsync(CancellationToken.None),
            cancellationToken);

    public async Task<AvailabilitySnapshot> LoadAsync(long version, Interval window, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(version, cancellationToken);
        // Until it is read, guess a few kilobytes a day; once read, it is charged what it takes.
        var guess = 4096 * (long)Math.Max(1, window.Duration.TotalDays);
        return await Shared(("snapshot", version, window), guess, services =>
            services.GetRequiredService<AvailabilityLoader>().LoadAsync(settings, window.Start, window.End, ignoring: null, CancellationToken.None),
            cancellationToken, snapshot => snapshot.ApproximateBytes);
    }

    private async Task<T> Shared<T>(object key, long size, Func<IServiceProvider, Task<T>> read, CancellationToken cancellationToken,
        Func<T, long>? sizeOnceRead = null)
    {
        var shared = reads.GetOrCreate(key, entry =>
        {
            entry.Size = size;
            // An older version is never asked for again; this only bounds how long it takes up room.
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2);
            return new Lazy<Task<T>>(() => ReadAsync(key, read, sizeOnceRead));
        })!;
        return await shared.Value.WaitAsync(cancellationToken);
    }

    /// <summary>In its own scope: the read outlives the request that started it if that one is cancelled.</summary>
    private async Task<T> ReadAsync<T>(object key, Func<IServiceProvider, Task<T>> read, Func<T, long>? sizeOnceRead)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var value = await read(scope.ServiceProvider);
            if (sizeOnceRead is not null)
            {
                reads.Set(key, new Lazy<Task<T>>(() => Task.FromResult(value)), new MemoryCacheEntryOptions
                {
                    Size = sizeOnceRead(value),
                    AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2),
                });
            }

            return value;
        }
        catch
        {
            // A failed read (the database was away) must not be what the next search gets.
            reads.Remove(key);
            throw;
        }
    }

    public void Dispose() => reads.Dispose();
}

/// <summary>Section <c>Availability</c>.</summary>
public sealed class AvailabilityCacheOptions
{
    /// <summary>The most the shared calendar reads may take up in memory (default 64 MB).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most the slot searches' ready answers may take up in memory (default 32 MB).</summary>
    public long MaxAnswerBytes { get; set; } = 32L * 1024 * 1024;
}
