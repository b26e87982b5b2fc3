using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Bookings;
using Portal.Core.Sealing;

namespace Portal.Core.Messaging;

public sealed partial class MessageDesk
{
    /// <summary>Shown instead of words that do not open (their key is gone, or the value was damaged).</summary>
    public const string Unreadable = "(This message cannot be opened: its sealing key is not configured.)";

    /// <summary>The caller's threads, unread first, then by last activity; the therapist's showing of subjects is audited.</summary>
    public async Task<ThreadPage> ListAsync(Actor caller, ThreadQuery query, Reader reader, CancellationToken cancellationToken)
    {
        var threads = db.ThreadsOf(caller);
        if (caller.IsTherapist && query.ClientId is { } clientId)
        {
            threads = threads.Where(t => t.ClientId == clientId);
        }

        var rows = await threads
            .Select(t => new
            {
                Thread = t,
                ClientName = db.Clients.Where(c => c.Id == t.ClientId).Select(c => c.Name).First(),
                Unread = db.Messages.Count(m => m.ThreadId == t.Id && m.ReadAt == null && m.FromTherapist != caller.IsTherapist),
                Count = db.Messages.Count(m => m.ThreadId == t.Id),
                LastFromTherapist = db.Messages.Where(m => m.ThreadId == t.Id).OrderByDescending(m => m.SentAt)
                    .Select(m => m.FromTherapist).FirstOrDefault(),
            })
            .OrderByDescending(r => r.Unread > 0).ThenByDescending(r => r.Thread.LastMessageAt)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .AsNoTracking().ToListAsync(cancellationToken);
        var total = await threads.CountAsync(cancellationToken);

        if (caller.IsTherapist)
        {
            foreach (var client in rows.GroupBy(r => r.Thread.ClientId))
            {
                Audit(reader, client.Key, $"messages inbox: {client.Count()} conversation subject{(client.Count() == 1 ? "" : "s")}");
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var start = caller.IsTherapist
            ? MessagingRight.Yes
            : MessagingPolicy.MayStart(await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caller.ClientId, cancellationToken));
        return new ThreadPage(
            [.. rows.Select(r => Summary(r.Thread, r.ClientName, r.Count, r.Unread, r.LastFromTherapist))],
            query.Page, query.PageSize, total, start);
    }

    /// <summary>
    /// One of the caller's threads with a page of its messages (the newest, or those before <paramref name="before"/>),
    /// oldest first; null when the thread is not theirs. The therapist's reading is audited.
    /// </summary>
    public async Task<OpenedThread?> ReadAsync(Actor caller, Guid threadId, Guid? before, int take, Reader reader, CancellationToken cancellationToken)
    {
        var thread = await db.ThreadsOf(caller).AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return null;
        }

        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == thread.ClientId, cancellationToken);
        var messages = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId);
        if (before is { } beforeId)
        {
            var cut = await messages.Where(m => m.Id == beforeId).Select(m => (DateTimeOffset?)m.SentAt).SingleOrDefaultAsync(cancellationToken);
            messages = cut is { } sentAt ? messages.Where(m => m.SentAt < sentAt || (m.SentAt == sentAt && m.Id.CompareTo(beforeId) < 0)) : messages.Where(_ => false);
        }

        var page = await messages.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var shown = page.Take(take).Reverse().ToList();
        var unread = await db.Messages.CountAsync(
            m => m.ThreadId == threadId && m.ReadAt == null && m.FromTherapist != caller.IsTherapist, cancellationToken);
        var total = await db.Messages.CountAsync(m => m.ThreadId == threadId, cancellationToken);
        var last = await db.Messages.Where(m => m.ThreadId == threadId).OrderByDescending(m => m.SentAt)
            .Select(m => m.FromTherapist).FirstOrDefaultAsync(cancellationToken);

        if (caller.IsTherapist)
        {
            Audit(reader, thread.ClientId, $"conversation {thread.Id:N}: {shown.Count} message{(shown.Count == 1 ? "" : "s")}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return new OpenedThread(
            Summary(thread, client.Name, total, unread, last),
            [.. shown.Select(m => new OpenedMessage(m.Id, m.ThreadId, m.FromTherapist, Open(m.SealedBody, m.SealingPlace, m.Id), m.SentAt, m.ReadAt))],
            page.Count > take,
            MessagingPolicy.MayReply(caller, client, thread));
    }

    private ThreadSummary Summary(MessageThread thread, string clientName, int count, int unread, bool lastFromTherapist) => new(
        thread.Id, thread.ClientId, clientName, Open(thread.SealedSubject, thread.SealingPlace, thread.Id), thread.IsWelcome,
        thread.StartedByClient, thread.LastMessageAt, lastFromTherapist, count, unread);

    private string Open(byte[] sealedValue, string place, Guid id)
    {
        try
        {
            return sealer.Open(sealedValue, place);
        }
        catch (SealedValueException exception)
        {
            LogUnreadable(logger, id, exception.Message);
            return Unreadable;
        }
    }

    private void Audit(Reader reader, Guid clientId, string shown) =>
        db.ClinicalReads.Add(ClinicalRead.Of(reader, clientId, ClinicalRecord.Messages, shown, clock.GetUtcNow()));

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error,
        Message = "Sealed message text {Id} does not open: {Reason}")]
    private static partial void LogUnreadable(Microsoft.Extensions.Logging.ILogger logger, Guid id, string reason);
}
