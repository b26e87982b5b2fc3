using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Payments;

namespace Portal.Core.Bookings;

public static class BookingQueries
{
    /// <summary>A client's own bookings, in time order; none for a guest.</summary>
    public static IQueryable<Booking> ForCaller(this PortalDb db, Caller caller) =>
        db.Bookings.AsNoTracking().Include(b => b.Client).Include(b => b.SessionType)
            .Where(b => caller.ClientId != null && b.ClientId == caller.ClientId)
            .OrderBy(b => b.StartsAt);

    /// <summary>Where each of the caller's held bookings is paid: its open Checkout's address, by booking.</summary>
    public static Task<Dictionary<Guid, string?>> OpenCheckoutsForCallerAsync(this PortalDb db, Caller caller, CancellationToken cancellationToken) =>
        db.Payments.AsNoTracking()
            .Where(p => caller.ClientId != null && p.ClientId == caller.ClientId && p.Status == PaymentStatus.Open && p.CheckoutUrl != null)
            .ToDictionaryAsync(p => p.BookingId, p => p.CheckoutUrl, cancellationToken);
}
