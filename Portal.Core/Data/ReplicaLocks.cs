using Npgsql;

namespace Portal.Core.Data;

/// <summary>
/// Work one replica at a time does (the nightly backup, the retention purge): a PostgreSQL session advisory lock on
/// the connection that does the work, taken without waiting. Another replica that holds it means "skip this round".
/// </summary>
public static class ReplicaLocks
{
    /// <returns>What lets the lock go (dispose it), or null when another replica holds it.</returns>
    public static async Task<IAsyncDisposable?> TryTakeAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", key, cancellationToken)
            ? new Held(connection, key)
            : null;

    /// <summary>Waits for the lock (one replica at a time, in turn, rather than "skip this round").</summary>
    /// <returns>What lets the lock go (dispose it).</returns>
    public static async Task<IAsyncDisposable> TakeAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new Held(connection, key);
    }

    private static async Task<bool> ScalarAsync(NpgsqlConnection connection, string sql, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = key } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed class Held(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await ScalarAsync(connection, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", key, CancellationToken.None);
    }
}
