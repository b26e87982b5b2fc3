using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Stripe;

namespace Portal.Core.Payments;

/// <summary>
/// Opens Stripe Checkout for a booking just held. If Stripe cannot be reached the hold is let go at once:
/// the client is told to try again, and no time stays blocked for a payment page that does not exist.
/// </summary>
public sealed class CheckoutOpener(PortalDb db, StripeCheckout checkout, PaymentLedger ledger, ILogger<CheckoutOpener> logger)
{
    /// <returns>The Checkout address, or null when Stripe failed and the hold was released.</returns>
    public async Task<string?> OpenAsync(Booking booking, Payment payment, CancellationToken cancellationToken)
    {
        try
        {
            var session = await checkout.OpenAsync(booking, payment, cancellationToken);
            await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.CheckoutSessionId, session.Id)
                .SetProperty(p => p.CheckoutUrl, session.Url), cancellationToken);
            return session.Url;
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            // Not the exception itself: Stripe's messages may quote the client's address.
            logger.LogError("Stripe Checkout could not be opened for booking {BookingId} ({Exception}: {Error}); releasing its hold",
                booking.Id, exception.GetType().Name, Privacy.PersonalData.Redact(exception.Message));
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await ledger.ReleaseAsync(booking.Id, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            });
            return null;
        }
    }
}
