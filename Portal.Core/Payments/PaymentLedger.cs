using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Messaging;
using Portal.Core.Notifications;
using Portal.Core.Outbox;

namespace Portal.Core.Payments;

/// <summary>
/// What Stripe's facts mean for a booking and its payment. Every method works inside its caller's transaction
/// (a webhook's, or an outbox message's) and locks the booking first, so two reports about one booking queue up.
/// </summary>
public sealed class PaymentLedger(
    PortalDb db, AvailabilityLoader availability, BookingAnnouncements announcements, SideEffects sideEffects, TimeProvider clock)
{
    /// <summary>
    /// The booking's Checkout Session is paid. Confirms the booking, or — if its time was given up meanwhile — gives
    /// the money back. A session that charged another amount or currency than the booking's price confirms nothing:
    /// the therapist is told, to look into it in Stripe.
    /// </summary>
    public async Task<string> SettleAsync(Guid bookingId, Stripe.Checkout.Session session, CancellationToken cancellationToken)
    {
        var paymentIntentId = session.PaymentIntentId;
        var (booking, payment) = await LockAsync(bookingId, cancellationToken);
        if (booking is null || payment is null)
        {
            return $"no paid booking {bookingId}";
        }

        if (payment.Status is not (PaymentStatus.Open or PaymentStatus.Abandoned))
        {
            return $"payment for booking {bookingId} already settled ({payment.Status})";
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        if (session.AmountTotal != payment.AmountMinorUnits || !string.Equals(session.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            var charged = session.AmountTotal is { } total && session.Currency is { Length: > 0 } currency ? Money.Format(total, currency) : "an unknown amount";
            sideEffects.Enqueue(OutboxTypes.Notification, new NotificationRequest(Audience.Therapist, null,
                $"Payment does not match the price: {booking.Client.Name}",
                $"{booking.SessionType.Name}, {ReadableTime.Short(booking.StartsAt, settings.TimeZone)} costs {Money.Format(payment.AmountMinorUnits, payment.Currency)} "
                + $"but Stripe's Checkout {session.Id} took {charged} (payment {paymentIntentId}). The booking is not confirmed; please check it in Stripe.",
                "/admin/payments"), $"payment:{payment.Id:N}:amount-mismatch");
            return $"booking {bookingId} not confirmed: Checkout {session.Id} charged {session.AmountTotal} {session.Currency}, the price is {payment.AmountMinorUnits} {payment.Currency}";
        }

        var now = clock.GetUtcNow();
        payment.Paid(paymentIntentId, now);
        if (booking.Status == BookingStatus.PendingPayment)
        {
            booking.Confirm();
        }
        else if (booking.Status == BookingStatus.Expired && booking.StartsAt > now && await TimeStillFreeAsync(booking, settings, cancellationToken))
        {
            booking.Reinstate();
        }
        else
        {
            RequestRefund(payment, "Paid after the time was released", now);
            sideEffects.Enqueue(OutboxTypes.Notification, new NotificationRequest(Audience.Therapist, null,
                $"Payment refunded: {booking.Client.Name}",
                $"{booking.SessionType.Name}, {ReadableTime.Short(booking.StartsAt, settings.TimeZone)} was paid for after its time had been released; the payment is being refunded.",
                "/admin/payments"), $"payment:{payment.Id:N}:late-payment-notice");
            return $"booking {bookingId} is {booking.Status}: payment refunded";
        }

        var needsWelcome = !await db.HasWelcomeThreadAsync(booking.ClientId, cancellationToken);
        announcements.Confirmed(booking, settings, needsWelcome);
        return $"booking {bookingId} confirmed";
    }

    /// <summary>No payment will come for this hold: the time is free again.</summary>
    public async Task<string> ReleaseAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        var (booking, payment) = await LockAsync(bookingId, cancellationToken);
        if (booking is null || payment is null)
        {
            return $"no paid booking {bookingId}";
        }

        payment.Abandoned();
        if (booking.Status != BookingStatus.PendingPayment)
        {
            return $"booking {bookingId} is {booking.Status}: nothing to release";
        }

        booking.ReleaseHold();
        return $"hold on booking {bookingId} released";
    }

    /// <summary>Stripe reports the total refunded on a payment (from any source, the dashboard included).</summary>
    /// <returns>Null when no payment has that payment intent (yet): its Checkout completion may still be on its way.</returns>
    public async Task<string?> RecordRefundAsync(string paymentIntentId, long totalRefundedMinorUnits, CancellationToken cancellationToken)
    {
        var payment = await db.Payments
            .FromSql($"SELECT * FROM payments WHERE payment_intent_id = {paymentIntentId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (payment is null)
        {
            return null;
        }

        payment.Refunded(totalRefundedMinorUnits);
        return $"payment {payment.Id} now {payment.Status}";
    }

    /// <summary>Asks the Worker to refund what is left of a payment, once: a second request finds it asked.</summary>
    /// <returns>False when the payment is not paid or its refund was already asked for.</returns>
    public bool RequestRefund(Payment payment, string reason, DateTimeOffset now)
    {
        var amount = payment.RefundableMinorUnits;
        if (!payment.RequestRefund(reason, now))
        {
            return false;
        }

        sideEffects.Enqueue(OutboxTypes.Refund, new RefundRequest(payment.Id, amount), $"payment:{payment.Id:N}:refund");
        return true;
    }

    /// <summary>The hold is over (run out, or let go): close the Checkout Session, then free the time.</summary>
    public void CloseCheckout(Booking booking, DateTimeOffset notBefore, string reason) =>
        sideEffects.Enqueue(OutboxTypes.CheckoutClose, new CheckoutCloseRequest(booking.Id), $"booking:{booking.Id:N}:checkout-close:{reason}", notBefore);

    private async Task<(Booking? Booking, Payment? Payment)> LockAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM bookings WHERE id = {bookingId} FOR UPDATE", cancellationToken);
        var booking = await db.Bookings.Include(b => b.Client).Include(b => b.SessionType)
            .SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        var payment = booking is null ? null : await db.Payments.SingleOrDefaultAsync(p => p.BookingId == bookingId, cancellationToken);
        return (booking, payment);
    }

    /// <summary>
    /// Whether nothing has taken the time since the hold was released: no other booking or hold, none of her blocked
    /// times, no open waitlist offer, and the day's cap not reached; none of which but the first the database's
    /// constraint guards. Not the rules for a new booking (notice, the slot grid): the client chose the time when those held.
    /// Under the practice day's lock, like every booking: nothing else can take the time while this decides.
    /// </summary>
    private async Task<bool> TimeStillFreeAsync(Booking booking, Practice.PracticeSettings settings, CancellationToken cancellationToken)
    {
        var start = Instant.FromDateTimeOffset(booking.StartsAt);
        var day = start.InZone(DateTimeZoneProviders.Tzdb[settings.TimeZone]).Date;
        await db.LockAsync(CalendarGuards.PracticeDayKey(day), cancellationToken);
        var snapshot = await availability.LoadAsync(settings, start, start, ignoring: booking.Id, cancellationToken);
        return !snapshot.IsBusy(Instant.FromDateTimeOffset(booking.OccupiedFrom), Instant.FromDateTimeOffset(booking.OccupiedUntil))
            && !(settings.DailySessionCap is { } cap && snapshot.SessionsOn(day) >= cap);
    }
}

/// <summary>Outbox payload: refund this much of a payment through Stripe.</summary>
public sealed record RefundRequest(Guid PaymentId, long AmountMinorUnits);

/// <summary>Outbox payload: close a booking's Checkout Session and release its hold if no payment came.</summary>
public sealed record CheckoutCloseRequest(Guid BookingId);
