using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages.Newsletter;

/// <summary>
/// A newsletter's List-Unsubscribe address. A GET shows the address and a button (link scanners unsubscribe nobody);
/// a POST unsubscribes and answers 200 with no redirect. Mail providers POST <c>List-Unsubscribe=One-Click</c> here
/// (RFC 8058) with no cookie and no antiforgery token, so this page, and only this page, takes POSTs without one: the
/// signed token in the address is what proves the request, and all it can do is take someone off a list.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(PortalApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public string? Address { get; private set; }

    public bool Unsubscribed { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (result, problem) = await api.UnsubscribeAddressAsync(Token, cancellationToken);
        (Address, Problem) = (result?.Address, problem);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var oneClick = Request.HasFormContentType && Request.Form["List-Unsubscribe"] == "One-Click";
        var (result, problem) = await api.UnsubscribeAsync(Token, oneClick, cancellationToken);
        (Address, Problem, Unsubscribed) = (result?.Address, problem, result is not null);
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
