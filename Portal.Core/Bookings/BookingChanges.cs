using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Data;
using Portal.Core.Payments;
using Portal.Core.Practice;

namespace Portal.Core.Bookings;

/// <summary>Who asks for a change: the therapist, or the client the booking belongs to.</summary>
public sealed record Actor(Guid? ClientId, bool IsTherapist);

public abstract record ChangeOutcome
{
    public sealed record Done(Booking Booking) : ChangeOutcome;

    /// <summary>No such booking, or not the caller's: the same answer, so ids reveal nothing.</summary>
    public sealed record NotFound : ChangeOutcome;

    /// <summary>A client asked inside the cancellation window: only the therapist can change it now.</summary>
    public sealed record InsideWindow(TimeSpan Window) : ChangeOutcome;

    public sealed record NotChangeable(BookingStatus Status) : ChangeOutcome;

    public sealed record TimeUnavailable : ChangeOutcome;
}

/// <summary>Cancelling and moving bookings, within the practice's cancellation window.</summary>
public sealed class BookingChanges(
    PortalDb db, AvailabilityLoader availability, BookingAnnouncements announcements, PaymentLedger payments, Crm.CrmSync crm, TimeProvider clock)
{
    /// <param name="lateByClient">The therapist cancels for a client who asked inside the window.</param>
    /// <param name="refundLateCancellation">The therapist chooses to refund such a late cancellation anyway.</param>
    public async Task<ChangeOutcome> CancelAsync(
        Guid bookingId, Actor actor, bool lateByClient, bool refundLateCancellation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (booking, settings, refusal) = await FindChangeableAsync(bookingId, actor, now, cancellationToken);
        if (booking is null)
        {
            return refusal!;
        }

        var kind = !actor.IsTherapist ? CancellationKind.ByClient
            : lateByClient ? CancellationKind.LateByClient
            : CancellationKind.ByTherapist;
        var wasConfirmed = booking.Status == BookingStatus.Confirmed;
        booking.Cancel(kind, now);
        if (booking.IsDiscoveryCall)
        {
            booking.Client.DiscoveryCallCancelled(now);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (wasConfirmed)
            {
                // A hold that was never paid for was never announced: nothing to take back.
                await announcements.CancelledAsync(booking, settings!, actor.IsTherapist, cancellationToken);
            }
            else
            {
                payments.CloseCheckout(booking, now, "cancelled");
            }

            // Cancelled in time (or by the therapist): the money goes back. Late: only if the therapist says so.
            if (kind != CancellationKind.LateByClient || refundLateCancellation)
            {
                var payment = await db.Payments.SingleOrDefaultAsync(p => p.BookingId == booking.Id, cancellationToken);
                if (payment is not null)
                {
                    payments.RequestRefund(payment, RefundReasonOf(kind), now);
                }
            }

            return await SaveAndCommitAsync(booking, transaction, cancellationToken);
        });
    }

    public async Task<ChangeOutcome> RescheduleAsync(Guid bookingId, DateTimeOffset newStart, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (booking, settings, refusal) = await FindChangeableAsync(bookingId, actor, now, cancellationToken);
        if (booking is null)
        {
            return refusal!;
        }

        if (booking.Status != BookingStatus.Confirmed)
        {
            return new ChangeOutcome.NotChangeable(booking.Status);
        }

        var start = Instant.FromDateTimeOffset(newStart);
        var practiceZone = DateTimeZoneProviders.Tzdb[settings!.TimeZone];
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAsync(CalendarGuards.PracticeDayKey(start.InZone(practiceZone).Date), cancellationToken);
            var snapshot = await availability.LoadAsync(settings, start, start, ignoring: booking.Id, cancellationToken);
            if (!SlotFinder.IsBookable(booking.SessionType, start, snapshot, Instant.FromDateTimeOffset(now)))
            {
                return new ChangeOutcome.TimeUnavailable();
            }

            var previousStart = booking.StartsAt;
            booking.Reschedule(newStart);
            await announcements.RescheduledAsync(booking, previousStart, settings, actor.IsTherapist, cancellationToken);
            return await SaveAndCommitAsync(booking, transaction, cancellationToken);
        });
    }

    /// <summary>The therapist records how a session went. A completed discovery call unlocks paid sessions.</summary>
    public async Task<ChangeOutcome> RecordAttendanceAsync(Guid bookingId, bool attended, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var booking = await db.Bookings.Include(b => b.Client).Include(b => b.SessionType)
            .SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return new ChangeOutcome.NotFound();
        }

        if (booking.Status != BookingStatus.Confirmed || booking.StartsAt > now)
        {
            return new ChangeOutcome.NotChangeable(booking.Status);
        }

        if (!attended)
        {
            booking.MarkNoShow(now);
            crm.BookingChanged(booking, Crm.CrmBookingStatus.NoShow);
        }
        else
        {
            booking.Complete(now);
            crm.BookingChanged(booking, Crm.CrmBookingStatus.Completed);
            if (booking.IsDiscoveryCall)
            {
                booking.Client.CompleteDiscovery(now);
            }
            else
            {
                booking.Client.BecomeActive(now);
            }
        }

        return await SaveAsync(booking, cancellationToken);
    }

    private static string RefundReasonOf(CancellationKind kind) => kind switch
    {
        CancellationKind.ByClient => "Cancelled by the client in time",
        CancellationKind.ByTherapist => "Cancelled by the therapist",
        _ => "Late cancellation, refunded by the therapist",
    };

    private async Task<(Booking? Booking, PracticeSettings? Settings, ChangeOutcome? Refusal)> FindChangeableAsync(
        Guid bookingId, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.Include(b => b.Client).Include(b => b.SessionType)
            .SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null || (!actor.IsTherapist && booking.ClientId != actor.ClientId))
        {
            return (null, null, new ChangeOutcome.NotFound());
        }

        if (!Booking.HoldingTime.Contains(booking.Status))
        {
            return (null, null, new ChangeOutcome.NotChangeable(booking.Status));
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        if (!actor.IsTherapist && booking.StartsAt - now < settings.CancellationWindow)
        {
            return (null, null, new ChangeOutcome.InsideWindow(settings.CancellationWindow));
        }

        return (booking, settings, null);
    }

    private async Task<ChangeOutcome> SaveAndCommitAsync(
        Booking booking, IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        var outcome = await SaveAsync(booking, cancellationToken);
        if (outcome is ChangeOutcome.Done)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return outcome;
    }

    private async Task<ChangeOutcome> SaveAsync(Booking booking, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new ChangeOutcome.Done(booking);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed by someone else a moment ago (the row version moved): the caller looks again.
            return new ChangeOutcome.NotChangeable(booking.Status);
        }
        catch (DbUpdateException exception) when (exception.IsOverlapRefusal())
        {
            return new ChangeOutcome.TimeUnavailable();
        }
    }
}
