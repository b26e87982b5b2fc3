using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Sealing;

namespace Portal.Core.Messaging;

/// <summary>
/// Messages written before they were sealed (migration SealedMessagesBegin keeps their plain columns beside the sealed
/// ones): the migrate step seals them, then migration SealedMessages drops the plain columns.
/// </summary>
public static class PlainMessages
{
    /// <summary>The migration to stop at, seal, then go on.</summary>
    public const string SealedColumnsAdded = "20261202143104_SealedMessagesBegin";

    public const string PlainColumnsDropped = "20261202143105_SealedMessages";

    /// <returns>How many values were sealed.</returns>
    public static async Task<int> SealAsync(PortalDb db, Sealer? sealer, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subjects = await PlainAsync(connection, "SELECT id, subject FROM message_threads WHERE sealed_subject IS NULL FOR UPDATE", cancellationToken);
        var bodies = await PlainAsync(connection, "SELECT id, body FROM messages WHERE sealed_body IS NULL FOR UPDATE", cancellationToken);
        if (subjects.Count + bodies.Count == 0)
        {
            return 0;
        }

        if (sealer is null)
        {
            throw new InvalidOperationException(
                "Messages are in plain text and must be sealed before the next migration: give the migrate step the sealing key (Sealing:ActiveKey, Sealing:Keys).");
        }

        foreach (var (id, text) in subjects)
        {
            await SealOneAsync(connection, "UPDATE message_threads SET sealed_subject = @sealed, subject = NULL WHERE id = @id",
                id, sealer.Seal(text, $"message-thread:{id:N}:subject"), cancellationToken);
        }

        foreach (var (id, text) in bodies)
        {
            await SealOneAsync(connection, "UPDATE messages SET sealed_body = @sealed, body = NULL WHERE id = @id",
                id, sealer.Seal(text, $"message:{id:N}"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return subjects.Count + bodies.Count;
    }

    private static async Task<List<(Guid Id, string Text)>> PlainAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(Guid, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }

        return rows;
    }

    private static async Task SealOneAsync(DbConnection connection, string sql, Guid id, byte[] sealedValue, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new Npgsql.NpgsqlParameter("id", id));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("sealed", sealedValue));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
