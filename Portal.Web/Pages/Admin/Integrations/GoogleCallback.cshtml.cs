using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Integrations;

/// <summary>
/// Where Google sends her back (the redirect URI registered with Google): hands the answer to the Api as her own
/// session, which must be the one that began the connect, and tells her in a sentence how it went.
/// </summary>
[SignedIn("Therapist")]
public sealed class GoogleCallbackModel(PortalApiClient api) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var problem = await api.FinishGoogleConnectAsync(Request.QueryString, cancellationToken);
        Message = problem is null
            ? "Google Calendar is connected. Bookings are written to your main calendar, and its events close times for clients; change that below."
            : problem.Detail ?? problem.Title;
        return RedirectToPage("/Admin/Integrations/Index");
    }
}
