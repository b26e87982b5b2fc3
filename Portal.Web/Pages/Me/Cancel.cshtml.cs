using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Me;

/// <summary>Cancelling a session, said before it is done: one tap on /me only asks, this page's button cancels.</summary>
[SignedIn("Client")]
public sealed class CancelModel(PortalApiClient api) : PageModel
{
    public BookingView Booking { get; private set; } = null!;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = await api.CancelBookingAsync(id, cancellationToken);
        if (problem is null)
        {
            TempData["Message"] = "Your session is cancelled. A confirmation is on its way by email.";
            return RedirectToPage("/Me/Index");
        }

        if (await LoadAsync(id, cancellationToken) is { } gone)
        {
            return gone;
        }

        Problem = problem.Detail ?? problem.Title;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await api.MyBookingAsync(id, cancellationToken) is not { HoldsTime: true } booking)
        {
            return NotFound();
        }

        Booking = booking;
        return null;
    }
}
