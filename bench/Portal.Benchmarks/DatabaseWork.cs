using Npgsql;

namespace Portal.Benchmarks;

/// <summary>
/// What PostgreSQL itself did for this database over a stretch of the run, from <c>pg_stat_statements</c> (the bench's
/// server preloads it): statements run and the time spent executing them. It tells the database's share of a booking's
/// cost from the Api's, and so how near pgbench a booking could come however cheap the Api became.
/// </summary>
public static class DatabaseWork
{
    public const string ServerSetting = "shared_preload_libraries=pg_stat_statements";

    public sealed record StatementTotals(double Statements, double ExecutingMs)
    {
        public StatementTotals Per(double units) => new(Statements / Math.Max(1, units), ExecutingMs / Math.Max(1, units));

        public string Describe(string unit) => $"{Statements:0.0} statements, {ExecutingMs:0.000} ms executing per {unit}";
    }

    /// <summary>Forgets what was counted so far; the next <see cref="ReadAsync"/> counts from here.</summary>
    public static Task StartAsync(string connectionString) =>
        Database.ExecuteAsync(connectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");

    /// <summary>Everything run in this database since <see cref="StartAsync"/>, but the counting itself.</summary>
    public static async Task<StatementTotals> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(total_exec_time), 0)::float8
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query NOT LIKE '%pg_stat_statements%'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new StatementTotals(reader.GetInt64(0), reader.GetDouble(1));
    }
}
