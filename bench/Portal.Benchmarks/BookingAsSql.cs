namespace Portal.Benchmarks;

/// <summary>
/// A guest's booking written as SQL and run by pgbench (GuestBooking.sql, GuestBookingProcedure.sql) into the real
/// tables: how fast bookings could be however cheap the Api became, for what a booking writes and how it is asked for.
/// </summary>
public static class BookingAsSql
{
    public enum Shape
    {
        /// <summary>The Api's statements and round trips: about ten, the inserts in one batch.</summary>
        AsTheApiSendsIt,

        /// <summary>The same statements in one round trip (one pipeline).</summary>
        OneRoundTrip,

        /// <summary>The same reads, locks and rows in one PL/pgSQL call, the outbox messages in one INSERT: a stored
        /// procedure's shape.</summary>
        OneProcedureCall,

        /// <summary>The same statements in one round trip, but one outbox message instead of seven (the client's
        /// email): what a booking could reach if the Worker made its side effects out of one message.</summary>
        OneOutboxMessage,

        /// <summary>Only the client and the booking rows, in one round trip: no reads, no locks, no consent, history,
        /// claim link or outbox. What a booking could reach if it promised nothing beyond itself.</summary>
        ClientAndBookingOnly,
    }

    /// <param name="CpuPerBooking">The machine's processor time per booking. "This process" is the Api and the Web
    /// hearing that the calendar changed, as they do for the Api's own bookings; pgbench is in "the rest".</param>
    public sealed record Figure(Shape Shape, double PerSecond, double Statements, CpuTime CpuPerBooking)
    {
        public string Name => Shape switch
        {
            Shape.AsTheApiSendsIt => "as the Api sends it",
            Shape.OneRoundTrip => "in one round trip",
            Shape.OneProcedureCall => "as one PL/pgSQL call",
            Shape.OneOutboxMessage => "one trip, one outbox message",
            _ => "client and booking only, one trip",
        };

        public override string ToString() =>
            $"a guest's booking as SQL by pgbench, {Name}: {PerSecond:0} a second, {Statements:0} statements, "
            + CpuPerBooking.Describe("booking", "the Api and Web hearing of it");
    }

    public static async Task<Figure> MeasureAsync(string connectionString, int postgresProcessId, int callers, int seconds, Shape shape)
    {
        // The seven outbox messages of the latest booking the Api made, so that the payloads are a real booking's; the
        // client's email first (k = 1), the one message the one-message shape keeps.
        await Database.ExecuteAsync(connectionString, """
            DROP TABLE IF EXISTS bench_booking_messages;
            CREATE TABLE bench_booking_messages AS
                SELECT row_number() OVER (ORDER BY deduplication_key NOT LIKE '%:client-email', deduplication_key) AS k,
                    type, payload, next_attempt_at - created_at AS due_in
                FROM outbox_messages
                WHERE deduplication_key LIKE 'booking:' || replace((SELECT id FROM bookings ORDER BY created_at DESC LIMIT 1)::text, '-', '') || ':%';
            CREATE UNIQUE INDEX ON bench_booking_messages (k);
            CREATE OR REPLACE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
                SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || substr(md5(random()::text), 1, 20))::uuid $$;
            CREATE OR REPLACE FUNCTION bench_id(n bigint, kind int) RETURNS uuid LANGUAGE sql STABLE AS $$
                SELECT (lpad(to_hex((extract(epoch FROM now()) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(kind), 3, '0')
                    || '8' || lpad(to_hex(n), 15, '0'))::uuid $$;
            """);
        try
        {
            if (await Database.CountAsync(connectionString, "SELECT count(*) FROM bench_booking_messages") != SevenMessages)
            {
                throw new InvalidOperationException($"The Api's last booking has not the {SevenMessages} outbox messages of a guest's discovery call.");
            }

            await Database.ExecuteAsync(connectionString, await ReadAsync("GuestBookingProcedure.sql"));
            var run = await Pgbench.RunAsync(connectionString, postgresProcessId, callers, seconds, Shaped(await ReadAsync("GuestBooking.sql"), shape),
                "prepared", "-D", "i=0", "-D", $"callers={callers}");
            return new Figure(shape, run.PerSecond, run.Work.Per(run.Transactions).Statements, run.Cpu.Per(run.Transactions));
        }
        finally
        {
            // Gone again, clients and all, and vacuumed, so that the next shape and the storms meet the tables the Api's
            // bookings met.
            await Database.ExecuteAsync(connectionString, """
                DELETE FROM outbox_messages WHERE deduplication_key LIKE 'booking-%';
                DELETE FROM magic_links WHERE email_key LIKE 'replay-%';
                DELETE FROM bookings WHERE client_id IN (SELECT id FROM clients WHERE email_key LIKE 'replay-%');
                DELETE FROM clients WHERE email_key LIKE 'replay-%';
                DROP TABLE bench_booking_messages;
                DROP FUNCTION IF EXISTS bench_book_guest(int); DROP FUNCTION bench_id(bigint, int); DROP FUNCTION bench_uuid7();
                """);
            await Database.ExecuteAsync(connectionString,
                "VACUUM (ANALYZE) outbox_messages, magic_links, bookings, clients, client_consents, client_stage_changes");
        }
    }

    private const int SevenMessages = 7;

    private static Task<string> ReadAsync(string file) => File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, file));

    private static string Shaped(string script, Shape shape)
    {
        // pgbench's own \set lines are not statements: they count the bookings with no round trip.
        var lines = script.Split('\n');
        var counting = lines.Where(line => line.StartsWith(@"\set", StringComparison.Ordinal)).ToList();
        switch (shape)
        {
            case Shape.AsTheApiSendsIt:
                return script;
            case Shape.OneProcedureCall:
                return string.Join('\n', [.. counting, "SELECT bench_book_guest(:n);"]);
        }

        // The pipelines go; one pipeline takes every statement.
        var statements = lines
            .Where(line => !line.StartsWith('\\') && !line.StartsWith("--", StringComparison.Ordinal) && line.Trim().Length > 0);
        if (shape == Shape.OneOutboxMessage)
        {
            statements = statements.Where(line =>
                !line.StartsWith("INSERT INTO outbox_messages", StringComparison.Ordinal) || line.TrimEnd().EndsWith("WHERE k = 1;", StringComparison.Ordinal)).ToList();
            if (statements.Count(line => line.StartsWith("INSERT INTO outbox_messages", StringComparison.Ordinal)) != 1)
            {
                throw new InvalidOperationException("GuestBooking.sql no longer has one outbox INSERT that takes message k = 1.");
            }
        }

        if (shape == Shape.ClientAndBookingOnly)
        {
            string[] kept = ["BEGIN", "INSERT INTO clients", "INSERT INTO bookings", "COMMIT"];
            statements = statements.Where(line => kept.Any(start => line.StartsWith(start, StringComparison.Ordinal)));
        }

        return string.Join('\n', [.. counting, @"\startpipeline", .. statements, @"\endpipeline"]);
    }
}
