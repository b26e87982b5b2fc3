using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Calendar;

/// <summary>
/// The seam for Google Calendar: messages asking the calendar to match a booking are written today and consumed
/// here. No calendar is connected yet (Google Calendar sync is its own issue), so there is nothing to update.
/// </summary>
public sealed class CalendarEventHandler : IOutboxHandler
{
    public Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<CalendarSyncRequest>();
        return Task.FromResult<DispatchResult>(new DispatchResult.Done($"no calendar connected; booking {request.BookingId} not synced"));
    }
}
