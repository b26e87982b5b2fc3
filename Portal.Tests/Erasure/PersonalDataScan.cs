using Npgsql;
using Portal.Core.Erasure;

namespace Portal.Tests.Erasure;

/// <summary>
/// Reads the database's own catalogue, so a table added later is searched without anyone listing it: every text, varchar
/// and jsonb column of every table, and every column that points at <c>clients</c> or is named <c>client_id</c>.
/// </summary>
internal static class PersonalDataScan
{
    /// <summary>"table.column" for each row holding any of <paramref name="needles"/>, case-insensitive.</summary>
    public static async Task<List<string>> FindAsync(string connectionString, IEnumerable<string> needles, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var columns = new List<(string Table, string Column)>();
        await using (var query = new NpgsqlCommand("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')
            ORDER BY 1, 2
            """, connection))
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.NotEmpty(columns);
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            foreach (var needle in needles.Where(n => n.Length > 0))
            {
                await using var count = new NpgsqlCommand(
                    $"SELECT count(*) FROM \"{table}\" WHERE strpos(lower(\"{column}\"::text), lower(@needle)) > 0", connection);
                count.Parameters.AddWithValue("needle", needle);
                if ((long)(await count.ExecuteScalarAsync(ct))! > 0)
                {
                    found.Add($"{table}.{column} holds '{needle}'");
                }
            }
        }

        return found;
    }

    /// <summary>Tables whose foreign keys point at <c>clients</c>, with the column.</summary>
    public static async Task<List<(string Table, string Column)>> ForeignKeysToClientsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand("""
            SELECT kcu.table_name, kcu.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND ccu.table_name = 'clients'
            ORDER BY 1
            """, connection);
        var keys = new List<(string, string)>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add((reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }

    /// <summary>For every table with a client_id column (foreign key or not): how many rows name this client.</summary>
    public static async Task<Dictionary<string, long>> RowsOfClientAsync(string connectionString, Guid clientId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var query = new NpgsqlCommand("""
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.column_name = 'client_id'
            """, connection))
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE client_id = @id", connection);
            count.Parameters.AddWithValue("id", clientId);
            if ((long)(await count.ExecuteScalarAsync(ct))! is > 0 and var n)
            {
                rows[table] = n;
            }
        }

        await using (var client = new NpgsqlCommand("SELECT count(*) FROM clients WHERE id = @id", connection))
        {
            client.Parameters.AddWithValue("id", clientId);
            if ((long)(await client.ExecuteScalarAsync(ct))! is > 0 and var n)
            {
                rows["clients"] = n;
            }
        }

        return rows;
    }

    /// <summary>Tables the client's rows may stay in after erasure (the records kept by law, and the audit).</summary>
    public static readonly HashSet<string> MayStay =
        [.. ClientRecords.ById.Where(t => t.Fate != AtErasure.Deleted).Select(t => t.Table), "clients"];
}
