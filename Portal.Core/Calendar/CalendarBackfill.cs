using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Core.Calendar;

/// <summary>
/// What a (re)connect owes her calendar: every upcoming confirmed booking pushed (those confirmed while nothing was
/// connected went nowhere), and the pushes that waited while the connection was broken, due now.
/// </summary>
public sealed class CalendarBackfill(PortalDb db, SideEffects sideEffects, TimeProvider clock)
{
    /// <summary>Adds to the caller's unit of work (the connect's transaction).</summary>
    public async Task OweAsync(GoogleConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var upcoming = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.EndsAt > now)
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        foreach (var bookingId in upcoming)
        {
            sideEffects.Enqueue(OutboxTypes.CalendarEvent, new CalendarSyncRequest(bookingId), $"google:{connection.Id:N}:backfill:{bookingId:N}");
        }

        await db.OutboxMessages
            .Where(m => m.Type == OutboxTypes.CalendarEvent && m.ProcessedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, now), cancellationToken);
    }
}
