using Portal.Core.Bookings;
using Portal.Core.Calendar;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Calendar;

/// <summary>
/// Makes her Google calendar match a booking's current state (<see cref="CalendarPush"/>). Retried by the outbox;
/// while the connection is broken the message waits, without using up attempts, until she reconnects.
/// </summary>
public sealed class CalendarEventHandler(CalendarPush push) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<CalendarSyncRequest>();
        return await push.PushAsync(db, request.BookingId, cancellationToken) switch
        {
            PushOutcome.Nothing nothing => new DispatchResult.Done(nothing.Note),
            PushOutcome.Pushed pushed => new DispatchResult.Done(pushed.Note) { Then = ct => RecordAsync(db, request.BookingId, pushed.Event, pushed.Note, ct) },
            PushOutcome.Wait wait => new DispatchResult.Wait(wait.Reason, wait.After),
            PushOutcome.Refused refused => new DispatchResult.GiveUp(refused.Error),
            PushOutcome.Retry retry => new DispatchResult.RetryLater(retry.Error),
            _ => throw new InvalidOperationException("Unknown push outcome."),
        };
    }

    /// <summary>Where the event now is (or that it is gone), in the transaction that marks the message done.</summary>
    private static async Task<string?> RecordAsync(PortalDb db, Guid bookingId, PushedEvent? pushed, string note, CancellationToken cancellationToken)
    {
        var current = await db.PushedEvents.FindAsync([bookingId], cancellationToken);
        if (pushed is null)
        {
            if (current is not null)
            {
                db.PushedEvents.Remove(current);
            }
        }
        else if (current is null)
        {
            db.PushedEvents.Add(pushed);
        }
        else
        {
            (current.CalendarId, current.EventId, current.MeetLink, current.PushedAt) = (pushed.CalendarId, pushed.EventId, pushed.MeetLink, pushed.PushedAt);
        }

        return note;
    }
}
