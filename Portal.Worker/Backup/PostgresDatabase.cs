using Npgsql;

namespace Portal.Worker.Backup;

/// <summary>What a backup and a restore ask a database before and after copying it.</summary>
public static class PostgresDatabase
{
    public static string NameOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database
        ?? throw new InvalidOperationException("The connection string names no database.");

    public static async Task<string> ServerVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        return connection.PostgreSqlVersion.ToString();
    }

    /// <summary>Creates the database if it does not exist; counts the tables in it otherwise.</summary>
    /// <returns>How many tables the database has (0 when it was just created).</returns>
    public static async Task<long> EnsureExistsAndCountTablesAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = NameOf(connectionString);
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var connection = await OpenAsync(server, cancellationToken))
        {
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                return 0;
            }
        }

        await using var target = await OpenAsync(connectionString, cancellationToken);
        await using var tables = new NpgsqlCommand(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", target);
        return (long)(await tables.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
