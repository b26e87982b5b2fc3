using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Bookings;

/// <summary>A guest booking's address did not confirm it in time: its time is free again (and its details gone).</summary>
public sealed class PendingBookingReleaseHandler(TimeProvider clock) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<PendingBookingRelease>();
        var now = clock.GetUtcNow();
        var released = await db.PendingBookings
            .Where(p => p.Id == request.PendingBookingId && p.ExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
        return new DispatchResult.Done(released == 0 ? "confirmed, replaced or released already" : null);
    }
}
