using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Worker.Outbox;
using Stripe;

namespace Portal.Worker.Payments;

/// <summary>
/// Refunds a payment through Stripe. The outbox key is the idempotency key, so a repeat after a crash gets
/// Stripe's saved answer and never a second refund.
/// </summary>
public sealed class RefundHandler(StripeCheckout checkout, SideEffects sideEffects) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<RefundRequest>();
        var payment = await db.Payments.Include(p => p.Booking).ThenInclude(b => b.SessionType)
            .Include(p => p.Booking).ThenInclude(b => b.Client)
            .SingleOrDefaultAsync(p => p.Id == request.PaymentId, cancellationToken);
        if (payment?.PaymentIntentId is not { } paymentIntent)
        {
            return new DispatchResult.GiveUp($"Payment {request.PaymentId} has no Stripe payment to refund.");
        }

        Refund refund;
        try
        {
            refund = await checkout.RefundAsync(paymentIntent, request.AmountMinorUnits, message.DeduplicationKey, cancellationToken);
        }
        catch (StripeException exception) when (exception.StripeError?.Code == "charge_already_refunded")
        {
            payment.Refunded(payment.AmountMinorUnits);
            return new DispatchResult.Done($"payment {payment.Id} was already refunded at Stripe");
        }
        catch (StripeException exception)
        {
            return StripeErrors.IsTransient(exception)
                ? new DispatchResult.RetryLater($"Stripe: {exception.Message}", StripeErrors.RetryAfter(exception))
                : new DispatchResult.GiveUp($"Stripe refused the refund: {exception.Message}");
        }

        payment.Refunded(payment.RefundedMinorUnits + refund.Amount);
        var amount = Money.Format(refund.Amount, payment.Currency);
        var facts = BookingFacts.Of(payment.Booking);
        sideEffects.Email(new RefundEmail(facts, amount, payment.RefundReason ?? "Refunded by the practice"), $"{message.DeduplicationKey}:email");
        sideEffects.Enqueue(OutboxTypes.Notification, new NotificationRequest(Audience.Client, payment.ClientId,
            $"Refund of {amount} on its way",
            $"For your {facts.SessionInSentence}. It usually reaches your account in 5–10 working days.", "/me"),
            $"{message.DeduplicationKey}:notice");
        return new DispatchResult.Done($"refund {refund.Id} ({refund.Status}) for payment {payment.Id}");
    }
}
