using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Notifications;

namespace Portal.Core.Content;

public sealed partial class ContentLibrary
{
    /// <summary>
    /// Shares an item with one client, optionally after one of their sessions, with a short note. The first sharing tells
    /// the client (in the portal, and by an email that names nothing of it); sharing again changes the session and note.
    /// </summary>
    public async Task<(ShareView? Share, bool IsNew, ContentRefusal? Refusal)> ShareAsync(
        Guid itemId, Guid clientId, Guid? bookingId, string? note, CancellationToken cancellationToken)
    {
        var item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return (null, false, ContentRefusal.NoSuchItem);
        }

        if (item.ArchivedAt is not null)
        {
            return (null, false, ContentRefusal.Archived);
        }

        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return (null, false, ContentRefusal.NoSuchClient);
        }

        var session = bookingId is { } booking
            ? await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == booking && b.ClientId == clientId, cancellationToken)
            : null;
        if (bookingId is not null && session is null)
        {
            return (null, false, ContentRefusal.NotTheirSession);
        }

        var now = clock.GetUtcNow();
        var share = await db.ContentShares.SingleOrDefaultAsync(s => s.ItemId == itemId && s.ClientId == clientId, cancellationToken);
        var isNew = share is null;
        if (share is null)
        {
            share = ContentShare.Of(itemId, clientId, bookingId, now);
            db.ContentShares.Add(share);
            var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
            var from = string.IsNullOrWhiteSpace(practice.TherapistName) ? practice.PracticeName : practice.TherapistName;
            sideEffects.Enqueue(Outbox.OutboxTypes.Notification,
                new NotificationRequest(Audience.Client, clientId, "Something new in your library", $"{from} shared something with you.", "/me/library"),
                $"content-share:{share.Id:N}:notification");
            sideEffects.Email(new NewInLibraryEmail(client.Email, client.Name, client.TimeZone, from), $"content-share:{share.Id:N}:email");
        }
        share.Relink(bookingId);
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        share.Write(trimmed is null ? null : sealer.Seal(trimmed, share.SealingPlace));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Shared at the same moment from another tab: that sharing stands.
            db.ChangeTracker.Clear();
            return await ShareAsync(itemId, clientId, bookingId, note, cancellationToken);
        }

        return (new ShareView(clientId, client.Name, bookingId, session?.StartsAt, trimmed, share.SharedAt, share.SeenAt), isNew, null);
    }

    public async Task<bool> UnshareAsync(Guid itemId, Guid clientId, CancellationToken cancellationToken) =>
        await db.ContentShares.Where(s => s.ItemId == itemId && s.ClientId == clientId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>A client's own library, newest first: only what was shared with them.</summary>
    public async Task<IReadOnlyList<FeedItem>> FeedAsync(Actor caller, CancellationToken cancellationToken)
    {
        var rows = await (from share in db.ContentShares.AsNoTracking()
                          join item in db.ContentVisibleTo(caller).AsNoTracking() on share.ItemId equals item.Id
                          where caller.ClientId != null && share.ClientId == caller.ClientId
                          orderby share.SharedAt descending
                          select new { share, item, StartsAt = db.Bookings.Where(b => b.Id == share.BookingId).Select(b => (DateTimeOffset?)b.StartsAt).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FeedItem(r.item, NoteOf(r.share), r.share.BookingId, r.StartsAt, r.share.SharedAt, r.share.SeenAt is null))];
    }

    /// <summary>The client has seen the item; false when it is not in their library.</summary>
    public async Task<bool> MarkSeenAsync(Actor caller, Guid itemId, CancellationToken cancellationToken)
    {
        var share = await db.ContentShares.SingleOrDefaultAsync(
            s => caller.ClientId != null && s.ClientId == caller.ClientId && s.ItemId == itemId, cancellationToken);
        share?.Seen(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return share is not null;
    }
}
