using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

/// <summary>
/// Where Stripe sends the client after paying. Only Stripe's webhook confirms a booking, and it may land a moment
/// after the client does: until then the page says so and looks again every few seconds.
/// </summary>
[SignedIn("Client")]
public sealed class PaidModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public const int RefreshSeconds = 3;

    public PracticeProfile Practice => practice.Value;

    public BookingView Booking { get; private set; } = null!;

    public bool Confirming => Booking.Status == "PendingPayment";

    public bool Confirmed => Booking.Status is "Confirmed" or "Completed";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await api.MyBookingAsync(id, cancellationToken) is not { } booking)
        {
            return NotFound();
        }

        Booking = booking;
        return Page();
    }
}
