using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Data;

namespace Portal.Api.Availability;

/// <summary>
/// The public slot search's read of the calendar, shared by every search of the same stretch of time until something
/// in the calendar changes. Each search reads <c>calendar_version</c> (one row, moved on at commit by a trigger on
/// every table the free times depend on) and uses it in the key, so a booking or block written by any replica is seen
/// by the next search. Booking itself never reads from here: it reads afresh under its locks.
/// </summary>
public sealed class SharedAvailability(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>A stretch of time is a key; a busy week in a few zones is a few dozen of them.</summary>
    private readonly MemoryCache snapshots = new(new MemoryCacheOptions { SizeLimit = 512 });

    public async Task<AvailabilitySnapshot> LoadAsync(PortalDb db, Instant from, Instant to, CancellationToken cancellationToken)
    {
        var version = await db.Database.SqlQuery<long>($"SELECT version AS \"Value\" FROM calendar_version WHERE id = 1")
            .SingleAsync(cancellationToken);
        var key = (version, from, to);
        var read = snapshots.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            // An older version is never asked for again; this only bounds how long it takes up room.
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2);
            return new Lazy<Task<AvailabilitySnapshot>>(() => ReadAsync(key));
        })!;
        return await read.Value.WaitAsync(cancellationToken);
    }

    /// <summary>In its own scope: the read outlives the request that started it if that one is cancelled.</summary>
    private async Task<AvailabilitySnapshot> ReadAsync((long Version, Instant From, Instant To) key)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<AvailabilityLoader>();
            return await loader.LoadAsync(key.From, key.To, ignoring: null, CancellationToken.None);
        }
        catch
        {
            // A failed read (the database was away) must not be what the next search gets.
            snapshots.Remove(key);
            throw;
        }
    }

    public void Dispose() => snapshots.Dispose();
}
