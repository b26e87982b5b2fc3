using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Stripe;
using Stripe.Checkout;

namespace Portal.Core.Payments;

/// <summary>
/// Acts on a verified Stripe event exactly once. The event's id is recorded in the same transaction as its
/// effects: a redelivery (even ten at once) finds it and does nothing; a failure rolls both back for Stripe to retry.
/// An event that arrives before what it is about (a refund before its payment's completion) is not recorded either:
/// Stripe is asked to deliver it again later.
/// </summary>
public sealed class StripeWebhookInbox(PortalDb db, PaymentLedger ledger, TimeProvider clock, ILogger<StripeWebhookInbox> logger)
{
    public Task<InboxOutcome> ReceiveAsync(Event stripeEvent, CancellationToken cancellationToken) =>
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
                return new InboxOutcome($"event {stripeEvent.Id} already handled");
            }

            var outcome = await ApplyAsync(stripeEvent, cancellationToken);
            if (outcome.TooEarly)
            {
                await transaction.RollbackAsync(cancellationToken);
                logger.LogInformation("Stripe event {EventId} ({Type}) came too early: {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome.Description);
                return outcome;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome.Description);
            return outcome;
        });

    private async Task<InboxOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken) => (stripeEvent.Type, stripeEvent.Data.Object) switch
    {
        (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded, Session session) =>
            new(session.PaymentStatus == "paid" && BookingOf(session) is { } paid
                ? await ledger.SettleAsync(paid, session, cancellationToken)
                : $"session {session.Id} not paid yet ({session.PaymentStatus})"),
        (EventTypes.CheckoutSessionExpired or EventTypes.CheckoutSessionAsyncPaymentFailed, Session session) =>
            new(BookingOf(session) is { } unpaid
                ? await ledger.ReleaseAsync(unpaid, cancellationToken)
                : $"session {session.Id} names no booking"),
        (EventTypes.ChargeRefunded, Charge { PaymentIntentId: { } paymentIntent } charge) =>
            await ledger.RecordRefundAsync(paymentIntent, charge.AmountRefunded, cancellationToken) is { } refunded
                ? new(refunded)
                : new($"no payment for {paymentIntent} yet", TooEarly: true),
        _ => new("not an event the practice acts on"),
    };

    private static Guid? BookingOf(Session session) =>
        session.Metadata?.TryGetValue(MetadataKeys.BookingId, out var id) == true && Guid.TryParse(id, out var bookingId) ? bookingId : null;
}

/// <summary>What an event came to. One that came <see cref="TooEarly"/> was not recorded, for Stripe to send it again.</summary>
public sealed record InboxOutcome(string Description, bool TooEarly = false);
