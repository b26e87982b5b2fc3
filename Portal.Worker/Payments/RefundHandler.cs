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
/// Stripe's saved answer and never a second refund. What Stripe did is recorded, under the payment's lock, in the
/// transaction that marks the message done.
/// </summary>
public sealed class RefundHandler(StripeCheckout checkout, SideEffects sideEffects, PortalDb db) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb readOnly, CancellationToken cancellationToken)
    {
        var request = message.Read<RefundRequest>();
        var paymentIntent = await readOnly.Payments.AsNoTracking().Where(p => p.Id == request.PaymentId)
            .Select(p => p.PaymentIntentId).SingleOrDefaultAsync(cancellationToken);
        if (paymentIntent is null)
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
            return new DispatchResult.Done
            {
                Then = async ct =>
                {
                    var payment = await LockAsync(request.PaymentId, ct);
                    payment.Refunded(payment.AmountMinorUnits);
                    return $"payment {payment.Id} was already refunded at Stripe";
                },
            };
        }
        catch (StripeException exception)
        {
            return StripeErrors.IsTransient(exception)
                ? new DispatchResult.RetryLater($"Stripe: {exception.Message}", StripeErrors.RetryAfter(exception))
                : new DispatchResult.GiveUp($"Stripe refused the refund: {exception.Message}");
        }

        return new DispatchResult.Done { Then = ct => RecordAsync(request.PaymentId, refund, message.DeduplicationKey, ct) };
    }

    private async Task<string?> RecordAsync(Guid paymentId, Refund refund, string key, CancellationToken cancellationToken)
    {
        var payment = await LockAsync(paymentId, cancellationToken);
        payment.Refunded(payment.RefundedMinorUnits + refund.Amount);
        if (payment.Booking.Client.IsErased)
        {
            return $"refund {refund.Id} ({refund.Status}) for payment {payment.Id} of an erased client: nobody to tell";
        }

        var amount = Money.Format(refund.Amount, payment.Currency);
        var facts = BookingFacts.Of(payment.Booking);
        sideEffects.Email(new RefundEmail(facts, amount, payment.RefundReason ?? "Refunded by the practice"), $"{key}:email");
        sideEffects.Enqueue(OutboxTypes.Notification, new NotificationRequest(Audience.Client, payment.ClientId,
            $"Refund of {amount} on its way",
            $"For your {facts.SessionInSentence}. It usually reaches your account in 5–10 working days.", "/me"),
            $"{key}:notice");
        return $"refund {refund.Id} ({refund.Status}) for payment {payment.Id}";
    }

    private async Task<Payment> LockAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM payments WHERE id = {paymentId} FOR UPDATE", cancellationToken);
        return await db.Payments.Include(p => p.Booking).ThenInclude(b => b.SessionType)
            .Include(p => p.Booking).ThenInclude(b => b.Client)
            .SingleAsync(p => p.Id == paymentId, cancellationToken);
    }
}
