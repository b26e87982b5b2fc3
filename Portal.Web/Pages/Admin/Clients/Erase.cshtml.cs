using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Shared;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Clients;

/// <summary>The therapist erases a client: first what it will do, then one button (the Api audits it).</summary>
[SignedIn("Therapist")]
public sealed class EraseModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public bool RefundLateCancellations { get; set; }

    public ErasurePreviewPart Part { get; private set; } = null!;

    public ErasureOutcomeView? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var preview = await api.ClientErasurePreviewAsync(Id, cancellationToken);
        if (preview is null)
        {
            return NotFound();
        }

        Part = new ErasurePreviewPart(preview, ForTherapist: true, practice.Value.TimeZone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Outcome = await api.EraseClientAsync(Id, RefundLateCancellations, cancellationToken);
        return Outcome is null ? NotFound() : Page();
    }
}
