namespace Portal.Benchmarks;

/// <summary>
/// A guest's booking written as SQL and run by pgbench, with no .NET at all (GuestBooking.sql), into the real tables:
/// how fast bookings could be however cheap the Api became, for what a booking writes and how it is asked for.
/// </summary>
public static class BookingAsSql
{
    public enum Shape
    {
        /// <summary>The Api's statements and round trips: about ten, the inserts in one batch.</summary>
        AsTheApiSendsIt,

        /// <summary>The same statements in one round trip: the shape of a stored procedure's single call.</summary>
        OneRoundTrip,

        /// <summary>Only the client and the booking rows, in one round trip: no reads, no locks, no consent, history,
        /// claim link or outbox. What a booking could reach if it promised nothing beyond itself.</summary>
        ClientAndBookingOnly,
    }

    public sealed record Figure(Shape Shape, double PerSecond, double Statements, CpuTime CpuPerBooking)
    {
        public string Name => Shape switch
        {
            Shape.AsTheApiSendsIt => "as the Api sends it",
            Shape.OneRoundTrip => "in one round trip",
            _ => "client and booking rows only, one round trip",
        };

        public override string ToString() =>
            $"a guest's booking as SQL by pgbench, {Name}: {PerSecond:0} a second, {Statements:0} statements, "
            + CpuPerBooking.Describe("booking", "pgbench");
    }

    public static async Task<Figure> MeasureAsync(string connectionString, int postgresProcessId, int callers, int seconds, Shape shape)
    {
        // The seven outbox messages of the latest booking the Api made, so that the payloads are a real booking's.
        await Pgbench.ExecuteAsync(connectionString, """
            DROP TABLE IF EXISTS bench_booking_messages;
            CREATE TABLE bench_booking_messages AS
                SELECT row_number() OVER (ORDER BY id) AS k, type, payload, next_attempt_at - created_at AS due_in
                FROM outbox_messages
                WHERE deduplication_key LIKE 'booking:' || replace((SELECT id FROM bookings ORDER BY created_at DESC LIMIT 1)::text, '-', '') || ':%';
            CREATE UNIQUE INDEX ON bench_booking_messages (k);
            CREATE OR REPLACE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
                SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || substr(md5(random()::text), 1, 20))::uuid $$;
            CREATE OR REPLACE FUNCTION bench_id(n bigint, kind int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
                SELECT (lpad(to_hex(n), 12, '0') || '70008000' || lpad(to_hex(kind), 12, '0'))::uuid $$;
            """);
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "GuestBooking.sql"));
        var run = await Pgbench.RunAsync(connectionString, postgresProcessId, callers, seconds, Shaped(script, shape), "prepared",
            "-D", "i=0", "-D", $"callers={callers}");
        // Gone again, clients and all, so that what comes next meets the tables the Api's bookings met.
        await Pgbench.ExecuteAsync(connectionString, """
            DELETE FROM outbox_messages WHERE deduplication_key LIKE 'booking-%';
            DELETE FROM magic_links WHERE email_key LIKE 'replay-%';
            DELETE FROM bookings WHERE client_id IN (SELECT id FROM clients WHERE email_key LIKE 'replay-%');
            DELETE FROM clients WHERE email_key LIKE 'replay-%';
            DROP TABLE bench_booking_messages; DROP FUNCTION bench_uuid7(); DROP FUNCTION bench_id(bigint, int);
            """);
        return new Figure(shape, run.PerSecond, run.Work.Per(run.Transactions).Statements, run.Cpu.Per(run.Transactions));
    }

    private static string Shaped(string script, Shape shape)
    {
        if (shape == Shape.AsTheApiSendsIt)
        {
            return script;
        }

        // The pipelines go; one pipeline takes every statement. pgbench's own \set lines are not statements.
        var lines = script.Split('\n').Where(line => line.Trim() is not (@"\startpipeline" or @"\endpipeline")).ToList();
        if (shape == Shape.ClientAndBookingOnly)
        {
            string[] kept = [@"\set", "--", "BEGIN", "INSERT INTO clients", "INSERT INTO bookings", "COMMIT"];
            lines = lines.Where(line => kept.Any(line.StartsWith)).ToList();
        }

        lines.Insert(lines.FindLastIndex(line => line.StartsWith(@"\set", StringComparison.Ordinal)) + 1, @"\startpipeline");
        lines.Add(@"\endpipeline");
        return string.Join('\n', lines);
    }
}
