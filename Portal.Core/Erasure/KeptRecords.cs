using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Erasure;

/// <summary>The records kept by law for an erased client (<see cref="AtErasure.Kept"/>), and their end.</summary>
public static class KeptRecords
{
    public static IQueryable<Guid> ErasedClientsPast(PortalDb db, DateTimeOffset now) =>
        db.Clients.Where(c => c.ErasedAt != null && c.RecordsKeptUntil <= now).OrderBy(c => c.RecordsKeptUntil).Select(c => c.Id);

    /// <summary>Deletes one erased client's kept records and their pseudonymous row, in one transaction.</summary>
    public static Task DeleteAsync(PortalDb db, Guid clientId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            foreach (var table in ClientRecords.Kept)
            {
#pragma warning disable EF1002 // the names come from ClientRecords, constants of this assembly; the id is a parameter
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table.Table}\" WHERE \"{table.ClientColumn}\" = @p0", [clientId], cancellationToken);
#pragma warning restore EF1002
            }

            await db.Clients.Where(c => c.Id == clientId && c.ErasedAt != null).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);
}
