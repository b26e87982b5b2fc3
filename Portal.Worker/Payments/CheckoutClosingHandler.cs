using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Worker.Outbox;
using Stripe;
using Stripe.Checkout;

namespace Portal.Worker.Payments;

/// <summary>
/// A hold has ended (run out, or let go by the client) and no webhook has settled it. Asks Stripe first — the
/// client may have paid a moment ago and the webhook is on its way — expires the session if it is still open,
/// then confirms the booking if it was paid, or frees its time (in the transaction that records the outcome).
/// </summary>
public sealed class CheckoutClosingHandler(StripeCheckout checkout, PaymentLedger ledger) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<CheckoutCloseRequest>();
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.BookingId == request.BookingId, cancellationToken);
        if (payment is null || payment.Status != PaymentStatus.Open)
        {
            return new DispatchResult.Done($"booking {request.BookingId}: payment already settled");
        }

        if (payment.CheckoutSessionId is { } sessionId)
        {
            try
            {
                var session = await CloseAsync(sessionId, cancellationToken);
                if (session is { Status: "complete", PaymentStatus: "paid" })
                {
                    return new DispatchResult.Done { Then = async ct => await ledger.SettleAsync(request.BookingId, session, ct) };
                }
            }
            catch (StripeException exception) when (StripeErrors.IsTransient(exception))
            {
                return new DispatchResult.RetryLater($"Stripe: {exception.Message}", StripeErrors.RetryAfter(exception));
            }
        }

        return new DispatchResult.Done { Then = async ct => await ledger.ReleaseAsync(request.BookingId, ct) };
    }

    private async Task<Session?> CloseAsync(string sessionId, CancellationToken cancellationToken)
    {
        Session session;
        try
        {
            session = await checkout.GetAsync(sessionId, cancellationToken);
        }
        catch (StripeException exception) when (exception.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null; // Stripe never kept it: nothing can have been paid there.
        }

        if (session.Status != "open")
        {
            return session;
        }

        try
        {
            return await checkout.ExpireAsync(sessionId, cancellationToken);
        }
        catch (StripeException exception) when (!StripeErrors.IsTransient(exception))
        {
            // Completed or expired between the two calls: read what it became.
            return await checkout.GetAsync(sessionId, cancellationToken);
        }
    }
}
