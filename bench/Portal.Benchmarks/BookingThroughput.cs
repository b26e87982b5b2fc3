using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace Portal.Benchmarks;

/// <summary>
/// Bookings committed per second on distinct free slots, through the Api, next to what PostgreSQL itself commits
/// (pgbench, the same single-row insert into a table with the bookings' exclusion constraint, same server, same callers).
/// </summary>
public static class BookingThroughput
{
    /// <param name="DatabasePerBooking">What PostgreSQL ran for one booking (the run's statements over its bookings).</param>
    /// <param name="DatabasePerInsert">The same for one of pgbench's inserts.</param>
    /// <param name="RefusedPerSecond">The same endpoint's answers per second when it refuses at validation: its floor.</param>
    /// <param name="CpuPerRefusal">The machine's processor time for one of those refusals.</param>
    /// <param name="CpuPerBooking">The machine's processor time for one booking, and whose.</param>
    /// <param name="CpuPerInsert">The same for one of pgbench's inserts.</param>
    /// <param name="AsSql">A guest's booking as SQL run by pgbench, with no .NET, in each of <see cref="BookingAsSql.Shape"/>.</param>
    /// <param name="Bare">Bookings through the Api's host that write only the client and the booking: the least one could cost.</param>
    public sealed record Figures(int Booked, int Refused, int ServerErrors, double PerSecond, double PgbenchPerSecond,
        DatabaseWork.StatementTotals DatabasePerBooking, DatabaseWork.StatementTotals DatabasePerInsert,
        double RefusedPerSecond, CpuTime CpuPerRefusal, CpuTime CpuPerBooking, CpuTime CpuPerInsert,
        IReadOnlyList<BookingAsSql.Figure> AsSql, BareBooking.Figure Bare)
    {
        /// <summary>How many times a pgbench insert's executing time PostgreSQL spends on one booking.</summary>
        public double DatabaseCostRatio => DatabasePerBooking.ExecutingMs / DatabasePerInsert.ExecutingMs;
    }

    public static async Task<Figures> MeasureAsync(HttpClient http, string connectionString, int postgresProcessId, DateOnly firstDay, int callers, int seconds)
    {
        // Warmed up so that what is measured is the Api's steady state and not the JIT's tiers: bookings on days 106–118
        // (the end of the practice's 120-day horizon), taken back and made again until there were enough. Tiering a
        // booking's code takes about a minute of bookings on two busy cores (the README has the figures).
        var warmedUp = 0;
        var warmUpTime = Stopwatch.StartNew();
        Run? lastPass = null;
        for (var pass = 0; pass < 100 && warmedUp < WarmUpBookings; pass++)
        {
            lastPass = await RunAsync(http, await FreeStartsAsync(http, firstDay.AddDays(106), days: 12), callers, TimeSpan.FromSeconds(30), $"warm-{pass}");
            warmedUp += lastPass.Booked;
            await TakeBackAsync(connectionString, firstDay.AddDays(106));
        }

        await VacuumAsync(connectionString);
        Console.WriteLine($"  warm-up: {warmedUp} bookings on other days in {warmUpTime.Elapsed.TotalSeconds:0} s, then taken back "
            + $"(the last {lastPass?.Booked} at {lastPass?.Booked / lastPass?.Elapsed.TotalSeconds:0} a second)");

        // Free discovery-call starts 45–105 days on (after the storms' days), far enough apart that none overlap.
        var free = await FreeStartsAsync(http, firstDay.AddDays(45), days: 60);
        await DatabaseWork.StartAsync(connectionString);
        var cpuBefore = CpuTime.Now(postgresProcessId);
        var run = await RunAsync(http, free, callers, TimeSpan.FromSeconds(seconds), "rate");
        var bookingCpu = CpuTime.Now(postgresProcessId).Since(cpuBefore).Per(run.Booked);
        var bookingWork = await DatabaseWork.ReadAsync(connectionString);
        if (run.RanOut)
        {
            Console.WriteLine($"  (ran out of free slots after {run.Elapsed.TotalSeconds:0.0} s: the rate is over that time)");
        }

        var refusedCpuBefore = CpuTime.Now(postgresProcessId);
        var refused = await RefusedAtValidationAsync(http, callers, TimeSpan.FromSeconds(seconds));
        var refusedCpu = CpuTime.Now(postgresProcessId).Since(refusedCpuBefore).Per(refused.Refused);
        Console.WriteLine($"  the same endpoint refusing at validation: {refused.Refused / refused.Elapsed.TotalSeconds:0} a second, "
            + refusedCpu.Describe("refusal", "Api and callers"));
        Console.WriteLine($"  a booking took p50 {LoadRun.Percentile(run.Latencies, 0.5):0.0} ms, p95 {LoadRun.Percentile(run.Latencies, 0.95):0.0} ms");
        var bare = await BareBooking.MeasureAsync(http, connectionString, postgresProcessId, callers, seconds);
        Console.WriteLine($"  bare bookings (client and booking rows only, through the host and EF Core): {bare.PerSecond:0} a second, "
            + $"{bare.Failed} failed, {bare.CpuPerBooking.Describe("booking", "Api and callers")}");
        var insert = await Pgbench.SingleInsertAsync(connectionString, postgresProcessId, callers, seconds);
        var asSql = new List<BookingAsSql.Figure>();
        foreach (var shape in Enum.GetValues<BookingAsSql.Shape>())
        {
            asSql.Add(await BookingAsSql.MeasureAsync(connectionString, postgresProcessId, callers, seconds, shape));
            Console.WriteLine($"  {asSql[^1]}");
        }

        var perBooking = bookingWork.Per(run.Booked);
        var perInsert = insert.Work.Per(insert.Transactions);
        Console.WriteLine($"  PostgreSQL: {perBooking.Describe("booking")}; {perInsert.Describe("pgbench insert")}");
        var insertCpuEach = insert.Cpu.Per(insert.Transactions);
        Console.WriteLine($"  processor: {bookingCpu.Describe("booking", "Api and callers")}; {insertCpuEach.Describe("pgbench insert", "this process")}");
        return new Figures(run.Booked, run.Refused, run.ServerErrors, run.Booked / run.Elapsed.TotalSeconds, insert.PerSecond, perBooking, perInsert,
            refused.Refused / refused.Elapsed.TotalSeconds, refusedCpu, bookingCpu, insertCpuEach, asSql, bare);
    }

    /// <summary>Enough for the booking path to reach its last tier on two busy cores.</summary>
    private const int WarmUpBookings = 12_000;

    /// <summary>The warm-up's bookings, gone, so that their times are free again.</summary>
    private static async Task TakeBackAsync(string connectionString, DateOnly from)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM bookings WHERE starts_at >= @from", connection);
        command.Parameters.AddWithValue("from", new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The taken-back rows cleared and the planner's figures fresh, so that no autovacuum runs during the measured run.</summary>
    private static Task VacuumAsync(string connectionString) =>
        Database.ExecuteAsync(connectionString, "VACUUM (ANALYZE) bookings, clients, outbox_messages");

    /// <summary>
    /// The endpoint's floor: the same request with <c>privacyConsent</c> false, refused before any transaction (the pipeline,
    /// the JSON, the shared rate limit in Redis, the practice's settings). No booking can be cheaper than this.
    /// </summary>
    private static async Task<Run> RefusedAtValidationAsync(HttpClient http, int callers, TimeSpan duration)
    {
        var refused = 0;
        var other = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            while (clock.Elapsed < duration)
            {
                using var response = await http.PostAsJsonAsync("/api/bookings", new
                {
                    sessionType = "discovery-call", start = DateTimeOffset.UtcNow.AddDays(50), name = "Floor Guest",
                    email = $"floor-{caller}@example.com", timeZone = "Europe/London", privacyConsent = false,
                });
                _ = response.StatusCode == HttpStatusCode.BadRequest ? Interlocked.Increment(ref refused) : Interlocked.Increment(ref other);
            }
        }));
        clock.Stop();
        if (other > 0)
        {
            Console.WriteLine($"  ({other} answers other than 400 to the refused requests)");
        }

        return new Run(0, refused, 0, clock.Elapsed, false, []);
    }

    private sealed record Run(int Booked, int Refused, int ServerErrors, TimeSpan Elapsed, bool RanOut, double[] Latencies);

    /// <summary>The free starts of <paramref name="days"/> days from <paramref name="from"/>, apart, in a shuffled order:
    /// a booking locks its practice day, and a practice's callers rarely all want the same day.</summary>
    private static async Task<ConcurrentQueue<DateTimeOffset>> FreeStartsAsync(HttpClient http, DateOnly from, int days)
    {
        var slots = await http.GetFromJsonAsync<BenchData.Slots>(
            $"/api/slots?sessionType=discovery-call&from={from:yyyy-MM-dd}&to={from.AddDays(days):yyyy-MM-dd}&tz=Europe/London");
        var random = new Random(20261203);
        return new ConcurrentQueue<DateTimeOffset>(Apart(slots!.Days.SelectMany(d => d.Starts), TimeSpan.FromMinutes(30)).OrderBy(_ => random.Next()));
    }

    private static async Task<Run> RunAsync(HttpClient http, ConcurrentQueue<DateTimeOffset> free, int callers, TimeSpan duration, string who)
    {
        var latencies = new ConcurrentBag<double>();
        var booked = 0;
        var refused = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            while (clock.Elapsed < duration && free.TryDequeue(out var start))
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/bookings",
                    BenchData.Guest("discovery-call", start, $"{who}-{start.ToUnixTimeSeconds()}@example.com"));
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                _ = response.StatusCode switch
                {
                    HttpStatusCode.Created => Interlocked.Increment(ref booked),
                    HttpStatusCode.Conflict => Interlocked.Increment(ref refused),
                    _ when (int)response.StatusCode >= 500 => Interlocked.Increment(ref errors),
                    _ => Interlocked.Increment(ref refused),
                };
            }
        }));
        clock.Stop();
        return new Run(booked, refused, errors, clock.Elapsed, free.IsEmpty, latencies.Order().ToArray());
    }

    private static IEnumerable<DateTimeOffset> Apart(IEnumerable<DateTimeOffset> starts, TimeSpan gap)
    {
        var last = DateTimeOffset.MinValue;
        foreach (var start in starts.Order())
        {
            if (start >= last + gap)
            {
                last = start;
                yield return start;
            }
        }
    }
}
