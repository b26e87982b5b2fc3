using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Benchmarks;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;

namespace Portal.Benchmarks;

/// <summary>
/// Measures the slot search against a static-JSON ceiling, sign-in link timing for known and unknown addresses, and
/// booking storms. Prints ratios, not verdicts.
/// </summary>
public static class Benchmarks
{
    public static async Task Main(string[] args)
    {
        // dotnet run -c Release --project bench/Portal.Benchmarks [-- seconds-per-load-run]
        var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
        const int Concurrency = 64;
        const int StormSize = 200;

        Console.WriteLine($"Portal benchmarks: {Environment.ProcessorCount} cores, {seconds} s per load run, {Concurrency} concurrent callers");
        await using var postgres = await LocalPostgres.StartAsync();
        var connectionString = await new TestDatabases(postgres.ConnectionString).CreateMigratedAsync();

        var firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await BenchData.SeedAsync(db, firstDay);
        }

        using var api = new BenchApi(connectionString, staticBody: []);
        var slotsPath = $"/api/slots?sessionType=discovery-call&from={firstDay:yyyy-MM-dd}&to={firstDay.AddDays(29):yyyy-MM-dd}&tz=Europe/London";
        var body = await api.CreateClient().GetByteArrayAsync(slotsPath);
        using var apiWithCeiling = new BenchApi(connectionString, body);
        var http = apiWithCeiling.CreateClient();

        Console.WriteLine($"\nSlot search, 30 days, {BenchData.Bookings} bookings and {BenchData.BlockedPeriods} blocked periods ({body.Length:N0}-byte answer)");
        await LoadRun.RunAsync("warm-up", http, slotsPath, 8, TimeSpan.FromSeconds(2));
        await LoadRun.RunAsync("warm-up", http, "/bench/static", 8, TimeSpan.FromSeconds(1));
        var ceiling = await LoadRun.RunAsync("static JSON (ceiling)", http, "/bench/static", Concurrency, TimeSpan.FromSeconds(seconds));
        var slots = await LoadRun.RunAsync("GET /api/slots", http, slotsPath, Concurrency, TimeSpan.FromSeconds(seconds));
        var alone = await LoadRun.RunAsync("GET /api/slots, one caller", http, slotsPath, 1, TimeSpan.FromSeconds(Math.Max(2, seconds / 2)));
        Console.WriteLine(ceiling);
        Console.WriteLine(slots);
        Console.WriteLine(alone);
        await SlotSearchBreakdown.PrintAsync(connectionString, firstDay);
        Console.WriteLine($"ratio: slot search reaches {slots.RequestsPerSecond / ceiling.RequestsPerSecond:P1} of the ceiling's req/s; "
            + $"p95 {slots.P95Ms / ceiling.P95Ms:0.0}x the ceiling's");

        await MagicLinkTiming.PrintAsync(connectionString, http);

        Console.WriteLine($"\nStorms: {StormSize} concurrent bookings");
        var slotsNow = await http.GetFromJsonAsync<BenchData.Slots>(slotsPath);
        var target = slotsNow!.Days.First(d => d.Starts.Length > 0).Starts[0];
        await Storm("same slot", i => BenchData.Guest("discovery-call", target, $"same-{i}@example.com"));

        var freeDay = firstDay.AddDays(40).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        string[] types = ["discovery-call", .. BenchData.MixedTypeSlugs];
        await Storm("overlapping, mixed durations", i =>
            BenchData.Guest(types[i % types.Length], new DateTimeOffset(freeDay).AddMinutes(30 * (i % 14)), $"mixed-{i}@example.com"));

        async Task Storm(string name, Func<int, object> request)
        {
            var clock = Stopwatch.StartNew();
            var responses = await Task.WhenAll(Enumerable.Range(0, StormSize).Select(i => http.PostAsJsonAsync("/api/bookings", request(i))));
            clock.Stop();
            var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
            var conflicts = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
            var errors = responses.Count(r => (int)r.StatusCode >= 500);
            Console.WriteLine($"{name,-30} {created,3} booked  {conflicts,3} refused (409)  {errors} server errors  "
                + $"{clock.Elapsed.TotalMilliseconds,7:0} ms in all  overlaps in the table: {await BenchData.CountOverlapsAsync(connectionString)}");
        }
    }
}
