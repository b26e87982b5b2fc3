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
    public sealed record Figures(int Booked, int Refused, int ServerErrors, double PerSecond, double PgbenchPerSecond);

    public static async Task<Figures> MeasureAsync(HttpClient http, string connectionString, DateOnly firstDay, int callers, int seconds)
    {
        // Free discovery-call starts 45–105 days on (after the storms' days), far enough apart that none overlap.
        var from = firstDay.AddDays(45);
        var slots = await http.GetFromJsonAsync<BenchData.Slots>(
            $"/api/slots?sessionType=discovery-call&from={from:yyyy-MM-dd}&to={from.AddDays(60):yyyy-MM-dd}&tz=Europe/London");
        // In a shuffled order: a booking locks its practice day, and a practice's callers rarely all want the same day.
        var random = new Random(20261203);
        var free = new ConcurrentQueue<DateTimeOffset>(Apart(slots!.Days.SelectMany(d => d.Starts), TimeSpan.FromMinutes(30)).OrderBy(_ => random.Next()));

        var latencies = new ConcurrentBag<double>();
        var booked = 0;
        var refused = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && free.TryDequeue(out var start))
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/bookings",
                    BenchData.Guest("discovery-call", start, $"rate-{start.ToUnixTimeSeconds()}@example.com"));
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
        if (free.IsEmpty)
        {
            Console.WriteLine($"  (ran out of free slots after {clock.Elapsed.TotalSeconds:0.0} s: the rate is over that time)");
        }

        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"  a booking took p50 {LoadRun.Percentile(sorted, 0.5):0.0} ms, p95 {LoadRun.Percentile(sorted, 0.95):0.0} ms");
        var pgbench = await PgbenchAsync(connectionString, callers, seconds);
        return new Figures(booked, refused, errors, booked / clock.Elapsed.TotalSeconds, pgbench);
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

    /// <summary>pgbench's transactions per second for one booking-shaped insert each, on a throwaway table.</summary>
    private static async Task<double> PgbenchAsync(string connectionString, int callers, int seconds)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                DROP TABLE IF EXISTS bench_bookings; DROP SEQUENCE IF EXISTS bench_slot;
                CREATE SEQUENCE bench_slot;
                CREATE TABLE bench_bookings (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    occupied_from timestamptz NOT NULL,
                    occupied_until timestamptz NOT NULL,
                    status text NOT NULL);
                ALTER TABLE bench_bookings ADD CONSTRAINT ex_bench_bookings_no_overlap
                    EXCLUDE USING gist (tstzrange(occupied_from, occupied_until, '[)') WITH &&)
                    WHERE (status IN ('PendingPayment', 'Confirmed'));
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(Path.GetTempPath(), $"portal-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, """
            INSERT INTO bench_bookings (occupied_from, occupied_until, status)
            SELECT t, t + interval '30 minutes', 'Confirmed' FROM (SELECT timestamptz '2030-01-01' + nextval('bench_slot') * interval '30 minutes' AS t) s;
            """);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo("pgbench")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-n", "-c", callers.ToString(), "-j", Math.Min(callers, Environment.ProcessorCount).ToString(), "-T", seconds.ToString(),
                    "-f", script, "-h", builder.Host!, "-p", builder.Port.ToString(), "-U", builder.Username!, builder.Database! },
            };
            start.Environment["PGPASSWORD"] = builder.Password;
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var problems = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = output.Split('\n').FirstOrDefault(line => line.StartsWith("tps = ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || tps is null)
            {
                Console.WriteLine($"  pgbench failed ({process.ExitCode}): {problems.Trim()}");
                return double.NaN;
            }

            return double.Parse(tps["tps = ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
