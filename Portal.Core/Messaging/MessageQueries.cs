using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core.Messaging;

public static class MessageQueries
{
    /// <summary>Whether the client has had the welcome thread a first-time client gets.</summary>
    public static Task<bool> HasWelcomeThreadAsync(this PortalDb db, Guid clientId, CancellationToken cancellationToken) =>
        db.MessageThreads.AnyAsync(t => t.ClientId == clientId && t.IsWelcome, cancellationToken);

    /// <summary>The threads the caller may see: every client's for the therapist, a client's own for a client, none for anyone else.</summary>
    public static IQueryable<MessageThread> ThreadsOf(this PortalDb db, Actor caller) =>
        caller.IsTherapist
            ? db.MessageThreads
            : db.MessageThreads.Where(t => caller.ClientId != null && t.ClientId == caller.ClientId);

    /// <summary>Unread messages waiting for the caller: from clients for the therapist, from the therapist in a client's own threads.</summary>
    public static IQueryable<Message> UnreadForCaller(this PortalDb db, Actor caller)
    {
        var threads = db.ThreadsOf(caller).Select(t => t.Id);
        return db.Messages.Where(m => m.ReadAt == null && m.FromTherapist != caller.IsTherapist && threads.Contains(m.ThreadId));
    }
}
