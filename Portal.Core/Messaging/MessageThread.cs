using Portal.Core.Bookings;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Messaging;

/// <summary>A conversation between the therapist and one client.</summary>
public sealed class MessageThread
{
    private MessageThread()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public string Subject { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The thread the practice opens for a first-time client; at most one per client.</summary>
    public bool IsWelcome { get; private set; }

    public List<Message> Messages { get; private set; } = [];

    public static MessageThread Welcome(Guid clientId, string subject, string body, DateTimeOffset now)
    {
        var thread = new MessageThread { ClientId = clientId, Subject = subject, CreatedAt = now, IsWelcome = true };
        thread.Messages.Add(Message.ByTherapist(thread.Id, body, now));
        return thread;
    }
}

public sealed class Message
{
    private Message()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ThreadId { get; private set; }

    public bool FromTherapist { get; private set; }

    public string Body { get; private set; } = "";

    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public const int MaxBodyLength = 10_000;

    public static Message ByTherapist(Guid threadId, string body, DateTimeOffset now) =>
        new() { ThreadId = threadId, FromTherapist = true, Body = body, SentAt = now };
}

/// <summary>The outbox payload that opens a client's welcome thread.</summary>
public sealed record WelcomeThreadRequest(Guid ClientId, string ClientName);

public static class MessageThreadQueries
{
    /// <summary>Whether the client has had the welcome thread a first-time client gets.</summary>
    public static Task<bool> HasWelcomeThreadAsync(this PortalDb db, Guid clientId, CancellationToken cancellationToken) =>
        db.MessageThreads.AnyAsync(t => t.ClientId == clientId && t.IsWelcome, cancellationToken);

    /// <summary>Unread messages waiting for the caller: from clients for the therapist, from the therapist in a client's own threads.</summary>
    public static IQueryable<Message> UnreadForCaller(this PortalDb db, Actor caller)
    {
        var unread = db.Messages.Where(m => m.ReadAt == null);
        if (caller.IsTherapist)
        {
            return unread.Where(m => !m.FromTherapist);
        }

        var threads = db.MessageThreads.Where(t => caller.ClientId != null && t.ClientId == caller.ClientId).Select(t => t.Id);
        return unread.Where(m => m.FromTherapist && threads.Contains(m.ThreadId));
    }
}
