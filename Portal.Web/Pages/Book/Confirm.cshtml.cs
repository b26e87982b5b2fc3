using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

/// <summary>
/// Where the link to confirm a held guest booking lands. Opening it (GET) changes nothing (mail scanners open links
/// too); only pressing "Confirm" (POST) spends it.
/// </summary>
public sealed class ConfirmModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Whose link this is (s***@example.com), so a link forwarded to someone else is noticed before it is used.</summary>
    public string? Address { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public BookedView? Booked { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            (Address, Problem) = await api.HeldBookingAddressAsync(Token, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            (Booked, Problem) = await api.ConfirmHeldBookingAsync(Token, cancellationToken);
        }

        return Page();
    }
}
