using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Portal.Benchmarks;

/// <summary>What one pgbench run did: transactions a second, how many, what PostgreSQL ran for them, and the processor time.</summary>
public sealed record Pgbench(double PerSecond, long Transactions, DatabaseWork.StatementTotals Work, CpuTime Cpu)
{
    private static readonly Pgbench Failed = new(double.NaN, 0, new DatabaseWork.StatementTotals(0, double.NaN), new CpuTime(double.NaN, double.NaN, double.NaN));

    /// <summary>pgbench's single booking-shaped insert, on a throwaway table with the bookings' exclusion constraint.</summary>
    public static async Task<Pgbench> SingleInsertAsync(string connectionString, int postgresProcessId, int callers, int seconds)
    {
        await Database.ExecuteAsync(connectionString, """
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
            """);
        return await RunAsync(connectionString, postgresProcessId, callers, seconds, """
            INSERT INTO bench_bookings (occupied_from, occupied_until, status)
            SELECT t, t + interval '30 minutes', 'Confirmed' FROM (SELECT timestamptz '2030-01-01' + nextval('bench_slot') * interval '30 minutes' AS t) s;
            """, "simple");
    }

    /// <summary>Runs <paramref name="script"/> for <paramref name="seconds"/> with <paramref name="callers"/> clients.</summary>
    /// <param name="protocol">pgbench's <c>-M</c>: simple, extended or prepared (pipelines need one of the last two).</param>
    /// <param name="arguments">More of pgbench's options (<c>-D name=value</c>).</param>
    public static async Task<Pgbench> RunAsync(
        string connectionString, int postgresProcessId, int callers, int seconds, string script, string protocol, params string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo("pgbench")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-n", "-M", protocol, "-c", callers.ToString(CultureInfo.InvariantCulture),
                    "-j", Math.Min(callers, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                    "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file,
                    "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, builder.Database! },
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PGPASSWORD"] = builder.Password;
            await DatabaseWork.StartAsync(connectionString);
            var cpuBefore = CpuTime.Now(postgresProcessId);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var problems = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = NumberAfter(await output, "tps = ");
            var transactions = NumberAfter(await output, "number of transactions actually processed: ");
            if (process.ExitCode != 0 || tps is null || transactions is null)
            {
                Console.WriteLine($"  pgbench failed ({process.ExitCode}): {(await problems).Trim()}");
                return Failed;
            }

            // pgbench's backends are still exiting when it does: their time counts once the server has reaped them.
            await BackendsGoneAsync(connectionString, "pgbench");
            var cpu = CpuTime.Now(postgresProcessId).Since(cpuBefore);
            var work = await DatabaseWork.ReadAsync(connectionString);
            return new Pgbench(tps.Value, (long)transactions.Value, work, cpu);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The number after <paramref name="label"/> at the start of one of pgbench's lines.</summary>
    private static double? NumberAfter(string output, string label) =>
        output.Split('\n').FirstOrDefault(line => line.StartsWith(label, StringComparison.Ordinal)) is { } line
            ? double.Parse(line[label.Length..].Split(' ', '/')[0], CultureInfo.InvariantCulture)
            : null;

    private static async Task BackendsGoneAsync(string connectionString, string applicationName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        for (var wait = 0; wait < 100 && (long)(await command.ExecuteScalarAsync())! > 0; wait++)
        {
            await Task.Delay(50);
        }

        // Gone from pg_stat_activity as it exits; reaped by the server a moment later.
        await Task.Delay(200);
    }
}
