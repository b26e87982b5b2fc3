using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Shared;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me;

/// <summary>Closing an account, step one: what it does, and a link emailed to the client to confirm it.</summary>
[SignedIn("Client")]
public sealed class CloseModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public ErasurePreviewPart Part { get; private set; } = null!;

    [TempData]
    public bool Sent { get; set; }

    public string Email => SignedInAttribute.Me(HttpContext).Email;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Part = new ErasurePreviewPart(await api.MyClosurePreviewAsync(cancellationToken), ForTherapist: false,
            VisitorTime.ZoneOr(SignedInAttribute.Me(HttpContext).TimeZone, practice.Value.TimeZone));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await api.RequestClosureAsync(cancellationToken);
        Sent = true;
        return RedirectToPage();
    }
}
