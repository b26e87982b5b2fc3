using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Book;

/// <summary>The client left Stripe's page without paying: the time is still theirs until the hold ends, or they let it go.</summary>
[SignedIn("Client")]
public sealed class NotPaidModel(PortalApiClient api) : PageModel
{
    public BookingView Booking { get; private set; } = null!;

    public bool Released { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostLetGoAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is { } notFound)
        {
            return notFound;
        }

        if (Booking.Status == "PendingPayment")
        {
            await api.CancelBookingAsync(id, cancellationToken);
        }

        Released = true;
        return Page();
    }

    private async Task<IActionResult?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await api.MyBookingAsync(id, cancellationToken) is not { } booking)
        {
            return NotFound();
        }

        Booking = booking;
        return null;
    }
}
