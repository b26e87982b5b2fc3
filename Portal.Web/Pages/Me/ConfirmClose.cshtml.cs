using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Shared;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me;

/// <summary>
/// Where the closure link lands, perhaps on another device: opening it (GET) changes nothing, since mail scanners open
/// links too; only "Close my account" (POST) erases, and this browser's session cookie goes with the account.
/// </summary>
public sealed class ConfirmCloseModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public ErasurePreviewPart? Part { get; private set; }

    public ErasureOutcomeView? Outcome { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            var (preview, problem) = await api.ClosureLinkPreviewAsync(Token, cancellationToken);
            Problem = problem;
            Part = preview is null ? null : new ErasurePreviewPart(preview, ForTherapist: false, practice.Value.TimeZone);
        }
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            (Outcome, Problem) = await api.ConfirmClosureAsync(Token, cancellationToken);
            if (Outcome is not null)
            {
                SessionCookie.Delete(HttpContext);
            }
        }
    }
}
