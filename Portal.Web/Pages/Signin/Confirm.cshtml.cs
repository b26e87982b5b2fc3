using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Signin;

/// <summary>
/// Where the emailed link lands. Opening it (GET) changes nothing — mail scanners open links too; only pressing
/// "Sign in" (POST) spends the token.
/// </summary>
public sealed class ConfirmModel(PortalApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public ApiProblem? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            return Page();
        }

        var (session, problem) = await api.SpendSignInLinkAsync(Token, cancellationToken);
        if (session is null)
        {
            Problem = problem;
            return Page();
        }

        SessionCookie.Write(HttpContext, session.Token);
        return Redirect(Home.For(session.Role, SessionCookie.TakeReturn(HttpContext), Url));
    }
}
