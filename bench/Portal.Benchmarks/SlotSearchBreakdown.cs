using System.Diagnostics;
using NodaTime;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Availability;
using Portal.Tests.Infrastructure;

namespace Portal.Benchmarks;

/// <summary>Where one 30-day slot search spends its time, without HTTP: reading the snapshot, and finding the slots.</summary>
public static class SlotSearchBreakdown
{
    public static async Task PrintAsync(string connectionString, DateOnly firstDay, int rounds = 200)
    {
        await using var db = TestDatabases.OpenPortalDb(connectionString);
        var loader = new AvailabilityLoader(db);
        var type = await db.SessionTypes.AsNoTracking().SingleAsync(t => t.Slug == Portal.Core.Bookings.SessionTypeSeed.DiscoveryCallSlug);
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        var from = LocalDate.FromDateOnly(firstDay);
        var to = from.PlusDays(29);
        var window = new Interval(zone.AtStartOfDay(from).ToInstant(), zone.AtStartOfDay(to.PlusDays(1)).ToInstant());
        var now = SystemClock.Instance.GetCurrentInstant();

        AvailabilitySnapshot snapshot = null!;
        var load = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            snapshot = await loader.LoadAsync(window.Start, window.End, ignoring: null, CancellationToken.None);
        }

        load.Stop();
        var find = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            SlotFinder.Find(type, from, to, zone, snapshot, now);
        }

        find.Stop();
        Console.WriteLine($"one caller, no HTTP: reading the snapshot {load.Elapsed.TotalMilliseconds / rounds:0.00} ms, "
            + $"finding the slots {find.Elapsed.TotalMilliseconds / rounds:0.000} ms");
    }
}
