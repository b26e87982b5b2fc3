using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Notifications;

/// <summary>Puts an in-app notification in someone's list; it commits with the message, so it exists exactly once.</summary>
public sealed class NotificationHandler(TimeProvider clock) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<NotificationRequest>();
        if (await db.Notifications.AnyAsync(n => n.SourceKey == message.DeduplicationKey, cancellationToken))
        {
            return new DispatchResult.Done("already notified");
        }

        db.Notifications.Add(Notification.From(request, message.DeduplicationKey, clock.GetUtcNow()));
        return new DispatchResult.Done();
    }
}
