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
        var BookingCallers = int.TryParse(Environment.GetEnvironmentVariable("BENCH_BOOKING_CALLERS"), out var c) ? c : 16;

        Console.WriteLine($"Portal benchmarks: {Environment.ProcessorCount} cores, {seconds} s per load run, {Concurrency} concurrent callers");
        await using var postgres = await LocalPostgres.StartAsync(DatabaseWork.ServerSetting);
        // As deployed: the rate limits are counted in Redis, and the Web hears there when the free times change.
        await using var redis = await LocalRedis.StartAsync();
        var connectionString = await new TestDatabases(postgres.ConnectionString).CreateMigratedAsync();

        var firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await BenchData.SeedAsync(db, firstDay);
        }

        using var api = new BenchApi(connectionString, redis.ConnectionString, staticBody: []);
        var slotsPath = $"/api/slots?sessionType=discovery-call&from={firstDay:yyyy-MM-dd}&to={firstDay.AddDays(29):yyyy-MM-dd}&tz=Europe/London";
        var body = await api.CreateClient().GetByteArrayAsync(slotsPath);
        using var apiWithCeiling = new BenchApi(connectionString, redis.ConnectionString, body);
        var http = apiWithCeiling.CreateClient();
        var only = Environment.GetEnvironmentVariable("BENCH_ONLY");
        if (only == "bookings")
        {
            // Straight to the bookings, so that a trace of the run shows them alone.
            await BookingsAsync();
            return;
        }

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

        // The booking page as a visitor's browser asks for it (no cookies: the Web's in-memory Api behind it).
        const string bookPath = "/book/discovery-call?tz=Europe/London";
        using var webProbe = new BenchWeb(apiWithCeiling, redis.ConnectionString, staticPage: []);
        var page = await webProbe.CreateClient().GetByteArrayAsync(bookPath);
        using var web = new BenchWeb(apiWithCeiling, redis.ConnectionString, page);
        var browser = web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        Console.WriteLine($"\nBooking page /book/discovery-call ({page.Length:N0} bytes)");
        await LoadRun.RunAsync("warm-up", browser, bookPath, 8, TimeSpan.FromSeconds(2));
        await LoadRun.RunAsync("warm-up", browser, "/bench/static-page", 8, TimeSpan.FromSeconds(1));
        var pageCeiling = await LoadRun.RunAsync("static page (ceiling)", browser, "/bench/static-page", Concurrency, TimeSpan.FromSeconds(seconds));
        var bookPage = await LoadRun.RunAsync("GET /book/discovery-call", browser, bookPath, Concurrency, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(pageCeiling);
        Console.WriteLine(bookPage);
        Console.WriteLine(await LoadRun.RunAsync("GET /book/discovery-call, one caller", browser, bookPath, 1, TimeSpan.FromSeconds(Math.Max(2, seconds / 2))));
        // BENCH_ONLY=page stops after the page (to profile one thing); =bookings runs the bookings alone (above).
        if (only == "page")
        {
            return;
        }

        await MagicLinkTiming.PrintAsync(connectionString, http);

        var commits = await BookingsAsync();

        Console.WriteLine($"\nStorms: {StormSize} concurrent bookings");
        var slotsNow = await http.GetFromJsonAsync<BenchData.Slots>(slotsPath);
        var target = slotsNow!.Days.First(d => d.Starts.Length > 0).Starts[0];
        var same = await Storm("same slot", i => BenchData.Guest("discovery-call", target, $"same-{i}@example.com"));

        var freeDay = firstDay.AddDays(40).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        string[] types = ["discovery-call", .. BenchData.MixedTypeSlugs];
        var mixed = await Storm("overlapping, mixed durations", i =>
            BenchData.Guest(types[i % types.Length], new DateTimeOffset(freeDay).AddMinutes(30 * (i % 14)), $"mixed-{i}@example.com"));

        Console.WriteLine($"""

            Summary ({Environment.ProcessorCount} cores, {seconds} s per load run)
            | figure                                         | measured                         | goal    |
            |------------------------------------------------|----------------------------------|---------|
            | slot search / static JSON, req/s at {Concurrency}        | {slots.RequestsPerSecond,6:0} / {ceiling.RequestsPerSecond,6:0} = {slots.RequestsPerSecond / ceiling.RequestsPerSecond,6:P1}   | >= 50 % |
            | slot search / static JSON, p95 at {Concurrency}          | {slots.P95Ms,6:0.0} / {ceiling.P95Ms,6:0.0} ms = {slots.P95Ms / ceiling.P95Ms,5:0.0}x    | <= 2x   |
            | /book/(type) / static page, req/s at {Concurrency}       | {bookPage.RequestsPerSecond,6:0} / {pageCeiling.RequestsPerSecond,6:0} = {bookPage.RequestsPerSecond / pageCeiling.RequestsPerSecond,6:P1}   | >= 25 % |
            | bookings / pgbench inserts, per s at {BookingCallers}        | {commits.PerSecond,6:0} / {commits.PgbenchPerSecond,6:0} = {commits.PerSecond / commits.PgbenchPerSecond,6:P1}   | >= 30 % |
            | PostgreSQL executing, booking / pgbench insert | {commits.DatabasePerBooking.ExecutingMs,6:0.000} / {commits.DatabasePerInsert.ExecutingMs,6:0.000} ms = {commits.DatabaseCostRatio,5:0.0}x    |         |
            | statements, booking / pgbench insert           | {commits.DatabasePerBooking.Statements,6:0.0} / {commits.DatabasePerInsert.Statements,6:0.0}                    |         |
            | processor, booking / pgbench insert (machine)  | {commits.CpuPerBooking.MachineMs,6:0.00} / {commits.CpuPerInsert.MachineMs,6:0.00} ms = {commits.CpuPerBooking.MachineMs / commits.CpuPerInsert.MachineMs,5:0.0}x    |         |
            | PostgreSQL's processor, booking / insert       | {commits.CpuPerBooking.PostgresMs,6:0.00} / {commits.CpuPerInsert.PostgresMs,6:0.00} ms = {commits.CpuPerBooking.PostgresMs / commits.CpuPerInsert.PostgresMs,5:0.0}x    |         |
            {string.Join('\n', commits.AsSql.Select(sql => AsSqlRow(commits, sql)))}
            | refused at validation / pgbench, per s at {BookingCallers}   | {commits.RefusedPerSecond,6:0} / {commits.PgbenchPerSecond,6:0} = {commits.RefusedPerSecond / commits.PgbenchPerSecond,6:P1}   |         |
            | bare booking (2 rows, no rules) / pgbench      | {commits.Bare.PerSecond,6:0} / {commits.PgbenchPerSecond,6:0} = {commits.Bare.PerSecond / commits.PgbenchPerSecond,6:P1}; {commits.Bare.CpuPerBooking.MachineMs:0.00} / {commits.CpuPerInsert.MachineMs:0.00} ms = {commits.Bare.CpuPerBooking.MachineMs / commits.CpuPerInsert.MachineMs:0.0}x |         |
            | processor, refusal / pgbench insert (machine)  | {commits.CpuPerRefusal.MachineMs,6:0.00} / {commits.CpuPerInsert.MachineMs,6:0.00} ms = {commits.CpuPerRefusal.MachineMs / commits.CpuPerInsert.MachineMs,5:0.0}x    |         |
            | storm, one slot: booked, 5xx, overlaps         | {same}                 | 1, 0, 0 |
            | storm, mixed: 5xx, overlaps                    | {mixed}                 | 0, 0    |
            | working set of this process (Api + Web)        | {Environment.WorkingSet / 1048576.0,6:0} MB                        |         |
            """);

        async Task<BookingThroughput.Figures> BookingsAsync()
        {
            Console.WriteLine($"\nBookings committed on distinct free slots, {BookingCallers} callers, next to pgbench on the same server");
            var figures = await BookingThroughput.MeasureAsync(http, connectionString, postgres.ServerProcessId, firstDay, BookingCallers, seconds);
            Console.WriteLine($"{figures.Booked} booked, {figures.Refused} refused, {figures.ServerErrors} server errors: {figures.PerSecond:0} bookings/s; "
                + $"pgbench {figures.PgbenchPerSecond:0} inserts/s");
            return figures;
        }

        // A guest's booking as SQL, by pgbench: its rate next to the single insert's, and its processor time.
        string AsSqlRow(BookingThroughput.Figures commits, BookingAsSql.Figure sql) =>
            $"| pgbench: {sql.Name,-37} | {sql.PerSecond,6:0} / {commits.PgbenchPerSecond,6:0} = {sql.PerSecond / commits.PgbenchPerSecond,6:P1}; "
            + $"{sql.CpuPerBooking.MachineMs:0.00} / {commits.CpuPerInsert.MachineMs:0.00} ms = {sql.CpuPerBooking.MachineMs / commits.CpuPerInsert.MachineMs:0.0}x |         |";

        async Task<string> Storm(string name, Func<int, object> request)
        {
            var clock = Stopwatch.StartNew();
            var responses = await Task.WhenAll(Enumerable.Range(0, StormSize).Select(i => http.PostAsJsonAsync("/api/bookings", request(i))));
            clock.Stop();
            var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
            var conflicts = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
            var errors = responses.Count(r => (int)r.StatusCode >= 500);
            var overlaps = await BenchData.CountOverlapsAsync(connectionString);
            Console.WriteLine($"{name,-30} {created,3} booked  {conflicts,3} refused (409)  {errors} server errors  "
                + $"{clock.Elapsed.TotalMilliseconds,7:0} ms in all  overlaps in the table: {overlaps}");
            return $"{created,3} booked, {errors} 5xx, {overlaps} overlaps";
        }
    }
}
