using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages.Newsletter;

/// <summary>
/// Where the confirmation email's link lands. Opening it (GET) confirms nothing — mail scanners open links too; only
/// pressing the button (POST) does.
/// </summary>
public sealed class ConfirmModel(PortalApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public ApiProblem? Problem { get; private set; }

    public string? Confirmed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            var (result, problem) = await api.ConfirmNewsletterAsync(Token, cancellationToken);
            (Confirmed, Problem) = (result?.Address, problem);
        }

        return Page();
    }
}
