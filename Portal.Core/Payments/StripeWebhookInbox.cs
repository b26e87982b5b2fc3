using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Stripe;
using Stripe.Checkout;

namespace Portal.Core.Payments;

/// <summary>
/// Acts on a verified Stripe event exactly once. The event's id is recorded in the same transaction as its
/// effects: a redelivery (even ten at once) finds it and does nothing; a failure rolls both back for Stripe to retry.
/// </summary>
public sealed class StripeWebhookInbox(PortalDb db, PaymentLedger ledger, TimeProvider clock, ILogger<StripeWebhookInbox> logger)
{
    public Task<string> ReceiveAsync(Event stripeEvent, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // A second delivery waits here until the first commits, then inserts nothing.
            var recorded = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO stripe_events (id, type, received_at) VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {clock.GetUtcNow()})
                ON CONFLICT (id) DO NOTHING
                """, cancellationToken);
            if (recorded == 0)
            {
                return $"event {stripeEvent.Id} already handled";
            }

            var outcome = await ApplyAsync(stripeEvent, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome);
            return outcome;
        });

    private Task<string> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken) => (stripeEvent.Type, stripeEvent.Data.Object) switch
    {
        (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded, Session session) =>
            session.PaymentStatus == "paid" && BookingOf(session) is { } paid
                ? ledger.SettleAsync(paid, session.PaymentIntentId, cancellationToken)
                : Task.FromResult($"session {session.Id} not paid yet ({session.PaymentStatus})"),
        (EventTypes.CheckoutSessionExpired or EventTypes.CheckoutSessionAsyncPaymentFailed, Session session) =>
            BookingOf(session) is { } unpaid
                ? ledger.ReleaseAsync(unpaid, cancellationToken)
                : Task.FromResult($"session {session.Id} names no booking"),
        (EventTypes.ChargeRefunded, Charge charge) => ledger.RecordRefundAsync(charge.PaymentIntentId, charge.AmountRefunded, cancellationToken),
        _ => Task.FromResult("not an event the practice acts on"),
    };

    private static Guid? BookingOf(Session session) =>
        session.Metadata?.TryGetValue(MetadataKeys.BookingId, out var id) == true && Guid.TryParse(id, out var bookingId) ? bookingId : null;
}
