using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Availability;

/// <summary>
/// Every slot search and every booking reads what takes time around the window it asks about. After a few years a
/// practice's bookings and calendar blocks are mostly history: PostgreSQL must find the window's rows by index, not read
/// the whole history each time.
/// </summary>
public sealed class CalendarReadPlanTests(TestServers servers)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_read_of_what_takes_time_finds_the_window_by_index_not_by_scanning_the_history()
    {
        var connectionString = await servers.Databases.CreateMigratedAsync(ct);
        await FiveYearsOfPracticeAsync(connectionString);

        var reads = new CapturedReads();
        await using (var db = TestDatabases.OpenPortalDb(connectionString, reads))
        {
            var from = Instant.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(45));
            await new AvailabilityLoader(db).LoadAsync(from, from + Duration.FromDays(1), ignoring: null, ct);
        }

        var plan = await ExplainAsync(connectionString, reads.Commands.Single(c => c.Sql.Contains("occupied_until")));
        Assert.DoesNotContain("Seq Scan on bookings", plan);
        Assert.DoesNotContain("Seq Scan on blocked_periods", plan);
    }

    /// <summary>Five years of sessions (about 25 a week) and of calendar events pulled in, and the next months' bookings.</summary>
    private async Task FiveYearsOfPracticeAsync(string connectionString)
    {
        await using var db = TestDatabases.OpenPortalDb(connectionString);
        var client = Client.Register(new ContactDetails("Ada", "ada@example.com", "+447911123456"), "Europe/London", DateTimeOffset.UtcNow.AddYears(-5));
        db.Clients.Add(client);
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO bookings (id, client_id, session_type_id, created_at, starts_at, ends_at, occupied_from, occupied_until, is_discovery_call, status)
            SELECT gen_random_uuid(), {client.Id}, (SELECT id FROM session_types ORDER BY display_order LIMIT 1), t, t, t + interval '50 minutes',
                   t - interval '10 minutes', t + interval '60 minutes', false, CASE WHEN t < now() THEN 'Completed' ELSE 'Confirmed' END
            FROM (SELECT now() - interval '5 years' + i * interval '7 hours' AS t FROM generate_series(1, 6500) i) s;
            INSERT INTO blocked_periods (id, start, "end", source)
            SELECT gen_random_uuid(), t, t + interval '2 hours', 'google:primary'
            FROM (SELECT now() - interval '5 years' + i * interval '7 hours' + interval '3 hours' AS t FROM generate_series(1, 6500) i) s;
            ANALYZE bookings;
            ANALYZE blocked_periods;
            """, ct);
    }

    private async Task<string> ExplainAsync(string connectionString, (string Sql, NpgsqlParameter[] Parameters) read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var explain = new NpgsqlCommand("EXPLAIN " + read.Sql, connection);
        explain.Parameters.AddRange(read.Parameters);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private sealed class CapturedReads : DbCommandInterceptor
    {
        public List<(string Sql, NpgsqlParameter[] Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray()));
            return ValueTask.FromResult(result);
        }
    }
}
