using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Messaging;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Messaging;

/// <summary>
/// Due when a message has waited <see cref="MessagingOptions.EmailAfter"/>: if what was sent to its recipient since
/// then is still unread, one "You have a new message" email (without the message) goes to them; if it was read, none.
/// </summary>
public sealed class UnreadMessageHandler(TimeProvider clock) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var check = message.Read<UnreadMessageCheck>();
        var waiting = await db.Messages.AsNoTracking()
            .Where(m => m.ReadAt == null && m.FromTherapist != check.ToTherapist && m.SentAt >= check.SentAt
                && db.MessageThreads.Any(t => t.Id == m.ThreadId && t.ClientId == check.ClientId))
            .OrderBy(m => m.SentAt).FirstOrDefaultAsync(cancellationToken);
        if (waiting is null)
        {
            return new DispatchResult.Done("read in time: no email");
        }

        // Two checks can find the same waiting message (two sent at once): its id keys the one email.
        var key = $"new-message-email:{waiting.Id:N}";
        if (await db.OutboxMessages.AnyAsync(m => m.DeduplicationKey == key, cancellationToken))
        {
            return new DispatchResult.Done("already emailed");
        }

        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == check.ClientId, cancellationToken);
        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        if (client is null)
        {
            return new DispatchResult.Done("the client no longer exists");
        }

        EmailRequest email;
        if (check.ToTherapist)
        {
            if (string.IsNullOrWhiteSpace(practice.TherapistEmail))
            {
                return new DispatchResult.Done("no address for the therapist in the practice settings");
            }

            email = new NewMessageEmail(practice.TherapistEmail, practice.TherapistName, practice.TimeZone, client.Name, waiting.SentAt, ToTherapist: true, waiting.ThreadId);
        }
        else if (!client.MessageNoticesByEmail)
        {
            return new DispatchResult.Done("the client turned message emails off (the portal still shows it)");
        }
        else
        {
            var sender = string.IsNullOrWhiteSpace(practice.TherapistName) ? practice.PracticeName : practice.TherapistName;
            email = new NewMessageEmail(client.Email, client.Name, client.TimeZone, sender, waiting.SentAt, ToTherapist: false, waiting.ThreadId);
        }

        new SideEffects(db, clock).Email(email, key);
        return new DispatchResult.Done();
    }
}
