using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Sealing;

namespace Portal.Core.Messaging;

/// <summary>
/// Messages between the therapist and her clients: who may write what (<see cref="MessagingPolicy"/>), sealed at rest,
/// scoped to the caller (a client never reaches another client's thread), the therapist's reads audited, a notice told
/// to the live pages, and an email owed when a message waits unread (<see cref="UnreadMessageCheck"/>).
/// No word of a message leaves through a log line, a notice, a notification or an email.
/// </summary>
public sealed partial class MessageDesk(
    PortalDb db, Sealer sealer, SideEffects sideEffects, IMessageNotices notices, IOptionsMonitor<MessagingOptions> options,
    TimeProvider clock, Microsoft.Extensions.Logging.ILogger<MessageDesk> logger)
{
    public async Task<(OpenedThread? Thread, MessageRefusal? Refusal)> StartAsync(
        Actor caller, Guid? clientId, string? subject, string? body, CancellationToken cancellationToken)
    {
        var errors = MessageRules.Check(subject, body, needsSubject: true);
        if (errors.Count > 0)
        {
            return (null, MessageRefusal.Invalid(errors));
        }

        var forClient = caller.IsTherapist ? clientId : caller.ClientId;
        var client = forClient is { } id ? await db.Clients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) : null;
        if (caller.IsTherapist && client is null)
        {
            return (null, clientId is null
                ? MessageRefusal.Invalid(new Dictionary<string, string[]> { ["clientId"] = ["Choose the client you are writing to."] })
                : MessageRefusal.NoSuchClient);
        }

        var right = MessagingPolicy.MayStart(caller, client);
        if (!right.Allowed || client is null)
        {
            return (null, MessageRefusal.Forbidden(right.WhyNot ?? MessagingPolicy.NotYet));
        }

        var now = clock.GetUtcNow();
        var thread = MessageThread.Start(client.Id, byClient: !caller.IsTherapist, isWelcome: false, now);
        thread.Title(sealer.Seal(subject!.Trim(), thread.SealingPlace));
        var message = Write(thread, caller.IsTherapist, body!, now);
        db.MessageThreads.Add(thread);
        await OweEmailIfFirstUnreadAsync(client.Id, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await TellAsync(MessageNoticeKind.Posted, thread, caller);

        // What she just wrote is answered back as it is: not a reading of the client's record.
        var opened = new OpenedMessage(message.Id, thread.Id, message.FromTherapist, MessageRules.Trimmed(body!), message.SentAt, null);
        return (new OpenedThread(
            new ThreadSummary(thread.Id, client.Id, client.Name, subject.Trim(), false, thread.StartedByClient, thread.LastMessageAt, caller.IsTherapist, 1, 0),
            [opened], HasOlder: false, MessagingPolicy.MayReply(caller, client, thread)), null);
    }

    public async Task<(OpenedMessage? Message, MessageRefusal? Refusal)> ReplyAsync(
        Actor caller, Guid threadId, string? body, CancellationToken cancellationToken)
    {
        var thread = await db.ThreadsOf(caller).SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return (null, MessageRefusal.NoSuchThread);
        }

        var errors = MessageRules.Check(null, body, needsSubject: false);
        if (errors.Count > 0)
        {
            return (null, MessageRefusal.Invalid(errors));
        }

        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == thread.ClientId, cancellationToken);
        var right = MessagingPolicy.MayReply(caller, client, thread);
        if (!right.Allowed)
        {
            return (null, MessageRefusal.Forbidden(right.WhyNot!));
        }

        var message = Write(thread, caller.IsTherapist, body!, clock.GetUtcNow());
        db.Messages.Add(message);
        await OweEmailIfFirstUnreadAsync(thread.ClientId, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await TellAsync(MessageNoticeKind.Posted, thread, caller);
        return (new OpenedMessage(message.Id, thread.Id, message.FromTherapist, MessageRules.Trimmed(body!), message.SentAt, null), null);
    }

    /// <summary>Marks what waited for the caller in the thread as read; null when the thread is not theirs.</summary>
    public async Task<int?> MarkReadAsync(Actor caller, Guid threadId, CancellationToken cancellationToken)
    {
        var thread = await db.ThreadsOf(caller).AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var marked = await db.Messages
            .Where(m => m.ThreadId == threadId && m.ReadAt == null && m.FromTherapist != caller.IsTherapist && m.SentAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReadAt, now), cancellationToken);
        if (marked > 0)
        {
            await TellAsync(MessageNoticeKind.Read, thread, caller);
        }

        return await db.UnreadForCaller(caller).CountAsync(cancellationToken);
    }

    private Message Write(MessageThread thread, bool fromTherapist, string body, DateTimeOffset now)
    {
        var message = thread.Add(fromTherapist, now);
        message.Write(sealer.Seal(MessageRules.Trimmed(body), message.SealingPlace));
        return message;
    }

    /// <summary>
    /// The first message waiting unread for its recipient owes an email if it is still unread after
    /// <see cref="MessagingOptions.EmailAfter"/>; those that follow within that time are covered by the same email.
    /// </summary>
    private async Task OweEmailIfFirstUnreadAsync(Guid clientId, Message message, CancellationToken cancellationToken)
    {
        // Only a message whose own check is still due covers this one (older unread ones, like a welcome never
        // answered, have had theirs).
        var coveredSince = message.SentAt - options.CurrentValue.EmailAfter;
        var alreadyWaiting = await db.Messages.AnyAsync(
            m => m.ReadAt == null && m.FromTherapist == message.FromTherapist && m.Id != message.Id && m.SentAt > coveredSince
                && db.MessageThreads.Any(t => t.Id == m.ThreadId && t.ClientId == clientId),
            cancellationToken);
        if (!alreadyWaiting)
        {
            sideEffects.Enqueue(
                OutboxTypes.UnreadMessageCheck,
                new UnreadMessageCheck(clientId, message.ThreadId, ToTherapist: !message.FromTherapist, message.SentAt),
                $"unread-message:{message.Id:N}",
                message.SentAt + options.CurrentValue.EmailAfter);
        }
    }

    private async Task TellAsync(MessageNoticeKind kind, MessageThread thread, Actor caller)
    {
        try
        {
            await notices.TellAsync(MessageNotice.Of(kind, thread.Id, thread.ClientId, caller.IsTherapist));
        }
        catch (Exception exception)
        {
            // The message stands; live pages catch up at their next load.
            LogNoticeFailed(logger, exception, thread.Id);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "The live notice for thread {ThreadId} could not be told; open pages update at their next load")]
    private static partial void LogNoticeFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception, Guid threadId);
}
