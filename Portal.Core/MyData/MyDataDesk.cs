using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Content;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Sealing;

namespace Portal.Core.MyData;

public sealed record DataExportListing(Guid Id, DateTimeOffset RequestedAt, DateTimeOffset? ReadyAt, DateTimeOffset? ExpiresAt);

public enum ExportDownload
{
    Ready,
    NotFound,
    NotReadyYet,
    Expired,
}

/// <summary>A client's requests for their data, and the zip they download: records from the export, files from the library.</summary>
public sealed class MyDataDesk(PortalDb db, Sealer sealer, SideEffects sideEffects, TimeProvider clock)
{
    /// <summary>Asks the Worker for an export; one still being gathered is answered instead of a second.</summary>
    public async Task<DataExport> RequestAsync(Guid clientId, CancellationToken cancellationToken)
    {
        return await db.InTransactionAsync(async () =>
        {
            await db.LockAsync($"data-export:{clientId}", cancellationToken);
            var stuckBefore = clock.GetUtcNow() - DataExport.GatheringLimit;
            var waiting = await db.DataExports.AsNoTracking()
                .Where(e => e.ClientId == clientId && e.ReadyAt == null && e.RequestedAt > stuckBefore).FirstOrDefaultAsync(cancellationToken);
            if (waiting is not null)
            {
                return waiting;
            }

            var export = DataExport.Request(clientId, clock.GetUtcNow());
            db.DataExports.Add(export);
            sideEffects.Enqueue(OutboxTypes.DataExport, new DataExportRequest(export.Id), $"data-export:{export.Id:N}");
            await db.SaveChangesAsync(cancellationToken);
            return export;
        }, cancellationToken);
    }

    /// <summary>Downloadable or being gathered, newest first; without the records themselves.</summary>
    public async Task<IReadOnlyList<DataExportListing>> ListAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stuckBefore = now - DataExport.GatheringLimit;
        return await db.DataExports.AsNoTracking()
            .Where(e => e.ClientId == clientId && (e.ExpiresAt > now || (e.ReadyAt == null && e.RequestedAt > stuckBefore)))
            .OrderByDescending(e => e.RequestedAt)
            .Select(e => new DataExportListing(e.Id, e.RequestedAt, e.ReadyAt, e.ExpiresAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<(ExportDownload Outcome, DataExport? Export)> FindAsync(Guid clientId, Guid exportId, CancellationToken cancellationToken)
    {
        var export = await db.DataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId && e.ClientId == clientId, cancellationToken);
        return export switch
        {
            null => (ExportDownload.NotFound, null),
            { IsReady: false } => (ExportDownload.NotReadyYet, export),
            _ when export.ExpiresAt <= clock.GetUtcNow() => (ExportDownload.Expired, export),
            _ => (ExportDownload.Ready, export),
        };
    }

    /// <summary>Writes the zip: the records as gathered, then each file shared with the client, streamed from the library.</summary>
    public async Task WriteZipAsync(DataExport export, Stream output, CancellationToken cancellationToken)
    {
        var files = JsonSerializer.Deserialize<Dictionary<string, string>>(sealer.Open(export.SealedRecords!, export.SealingPlace)) ?? [];
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
        }

        var shared = await (from share in db.ContentShares.AsNoTracking()
                            where share.ClientId == export.ClientId
                            join item in db.ContentItems on share.ItemId equals item.Id
                            where item.FileName != null && item.SizeBytes != null
                            select item).ToListAsync(cancellationToken);
        foreach (var item in shared)
        {
            var entry = zip.CreateEntry(MyDataCollector.FilePath(item.Id, item.FileName!), CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(cancellationToken);
            await using var source = new SealedFileStream(db, sealer, item.Id, item.SizeBytes!.Value);
            await source.CopyToAsync(target, cancellationToken);
        }
    }
}
