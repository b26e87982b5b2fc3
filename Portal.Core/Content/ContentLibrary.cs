using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Sealing;

namespace Portal.Core.Content;

/// <summary>
/// The therapist's library: files stored in PostgreSQL in sealed chunks (written in the upload's own transaction, so an
/// upload cut off leaves nothing), links, editing and archiving, sharing with one client at a time, and each client's
/// own library. Who sees what is one query (<see cref="ContentQueries.ContentVisibleTo"/>).
/// </summary>
public sealed partial class ContentLibrary(
    PortalDb db, Sealer sealer, SideEffects sideEffects, IOptionsMonitor<ContentOptions> options, TimeProvider clock)
{
    /// <summary>Reads the upload as it arrives, a chunk at a time: its type from its first bytes, sealed into rows.</summary>
    public async Task<(ContentItem? Item, ContentRefusal? Refusal)> AddFileAsync(
        ContentDetails details, string? fileName, Stream file, CancellationToken cancellationToken)
    {
        if (details.Kind == ContentKind.Link)
        {
            return (null, new ContentRefusal(ContentRefusalKind.Invalid, "A link has no file", "For a link, send its address as url, not a file.", "file"));
        }

        var attempts = 0;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // An upload is read once: a retry after a dropped connection has nothing left to read.
            if (++attempts > 1)
            {
                throw new IOException("The connection to the database dropped during the upload; nothing was kept. Upload the file again.");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var item = ContentItem.Receiving(clock.GetUtcNow());
            db.ContentItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);

            var (size, mediaType, refusal) = await WriteChunksAsync(item.Id, details.Kind, file, cancellationToken);
            if (refusal is not null)
            {
                return (null, refusal); // the transaction is rolled back as it is disposed
            }

            var duration = details.Kind is ContentKind.Audio or ContentKind.Meditation
                ? AudioDuration.Of(new SealedFileStream(db, sealer, item.Id, size), mediaType!)
                : null;
            item.Received(details, ContentRules.SafeFileName(fileName, mediaType!), mediaType!, size, duration);

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ((ContentItem?)item, (ContentRefusal?)null);
        });
    }

    private async Task<(long Size, string? MediaType, ContentRefusal? Refusal)> WriteChunksAsync(
        Guid itemId, ContentKind kind, Stream file, CancellationToken cancellationToken)
    {
        var max = options.CurrentValue.MaxUploadBytes;
        var buffer = new byte[ContentChunk.Size];
        long size = 0;
        string? mediaType = null;
        for (var index = 0; ; index++)
        {
            var filled = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0)
            {
                return size == 0 ? (0, null, ContentRefusal.EmptyFile) : (size, mediaType, null);
            }

            if (index == 0 && (mediaType = FileSniffer.MediaTypeFor(kind, buffer.AsSpan(0, filled))) is null)
            {
                return (0, null, ContentRefusal.NotAccepted);
            }

            size += filled;
            if (size > max)
            {
                return (0, null, ContentRefusal.TooLarge(max));
            }

            var chunk = ContentChunk.Of(itemId, index, sealer.SealBytes(buffer.AsSpan(0, filled), ContentChunk.SealingPlace(itemId, index)));
            db.ContentChunks.Add(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(chunk).State = EntityState.Detached; // one chunk in memory at a time
        }
    }

    public async Task<ContentItem> AddLinkAsync(ContentDetails details, Uri url, CancellationToken cancellationToken)
    {
        var item = ContentItem.Link(details, url, clock.GetUtcNow());
        db.ContentItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }

    /// <summary>New title and description; archiving takes it out of her list and out of sharing, restoring puts it back.</summary>
    public async Task<(ContentItem? Item, ContentRefusal? Refusal)> EditAsync(
        Guid itemId, string title, string description, bool? archived, CancellationToken cancellationToken)
    {
        var item = await db.ContentItems.SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return (null, ContentRefusal.NoSuchItem);
        }

        var now = clock.GetUtcNow();
        item.Edit(new ContentDetails(title, description, item.Kind), now);
        if (archived == true)
        {
            item.Archive(now);
        }
        else if (archived == false)
        {
            item.Restore();
        }

        await db.SaveChangesAsync(cancellationToken);
        return (item, null);
    }

    /// <summary>Her library, newest first, with whom each item is shared; archived items only when asked.</summary>
    public async Task<IReadOnlyList<LibraryItem>> ListAsync(bool withArchived, Guid? itemId, CancellationToken cancellationToken)
    {
        var items = await db.ContentItems.AsNoTracking()
            .Where(i => (withArchived || i.ArchivedAt == null || i.Id == itemId) && (itemId == null || i.Id == itemId))
            .OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.Id).ToList();
        var shares = await (from share in db.ContentShares.AsNoTracking()
                            join client in db.Clients on share.ClientId equals client.Id
                            where ids.Contains(share.ItemId)
                            select new { share, client.Name, StartsAt = db.Bookings.Where(b => b.Id == share.BookingId).Select(b => (DateTimeOffset?)b.StartsAt).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. items.Select(i => new LibraryItem(i, [.. shares.Where(s => s.share.ItemId == i.Id)
            .OrderBy(s => s.Name)
            .Select(s => new ShareView(s.share.ClientId, s.Name, s.share.BookingId, s.StartsAt, NoteOf(s.share), s.share.SharedAt, s.share.SeenAt))]))];
    }

    /// <summary>The file of an item the caller may see (else null: to anyone else it does not exist).</summary>
    public async Task<OpenedFile?> OpenFileAsync(Actor caller, Guid itemId, CancellationToken cancellationToken)
    {
        var item = await db.ContentVisibleTo(caller).AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        return item is { IsFile: true, SizeBytes: { } size } ? new OpenedFile(item, new SealedFileStream(db, sealer, item.Id, size)) : null;
    }

    private string? NoteOf(ContentShare share) =>
        share.SealedNote is { } sealedNote ? sealer.Open(sealedNote, share.SealingPlace) : null;
}
