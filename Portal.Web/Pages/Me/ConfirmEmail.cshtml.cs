using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages.Me;

/// <summary>
/// Where the link to a new address lands, perhaps on another device: opening it (GET) changes nothing, since mail
/// scanners open links too; only "Use this address" (POST) makes the change.
/// </summary>
public sealed class ConfirmEmailModel(PortalApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? Address { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public bool Changed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            (Address, Problem) = await api.EmailChangeAddressAsync(Token, cancellationToken);
        }
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            Problem = await api.ConfirmEmailChangeAsync(Token, cancellationToken);
            Changed = Problem is null;
        }
    }
}
