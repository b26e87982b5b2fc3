using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Messaging;
using Portal.Core.Outbox;
using Portal.Core.Sealing;
using Portal.Worker.Outbox;

namespace Portal.Worker.Messaging;

/// <summary>Opens a first-time client's conversation with the therapist's welcome, once per client.</summary>
public sealed class WelcomeThreadHandler(Sealer sealer, TimeProvider clock) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<WelcomeThreadRequest>();
        // Two bookings can each ask for the welcome; the second to get here waits, then finds the thread.
        await db.LockAsync($"welcome-thread:{request.ClientId:N}", cancellationToken);
        if (await db.HasWelcomeThreadAsync(request.ClientId, cancellationToken))
        {
            return new DispatchResult.Done("the client already has a welcome thread");
        }

        if (!await db.Clients.AnyAsync(c => c.Id == request.ClientId, cancellationToken))
        {
            return new DispatchResult.Done("the client no longer exists");
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        db.MessageThreads.Add(MessageThread.Welcome(request.ClientId, $"Welcome to {settings.PracticeName}", settings.WelcomeMessage, sealer, clock.GetUtcNow()));
        return new DispatchResult.Done();
    }
}
