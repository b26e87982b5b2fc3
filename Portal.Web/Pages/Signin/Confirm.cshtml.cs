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

    /// <summary>Whose link this is (s***@example.com), so a link forwarded to someone else is noticed before it is used.</summary>
    public string? Address { get; private set; }

    /// <summary>A client's first sign-in, from the booking email's "Create your account".</summary>
    public bool CreatesAccount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            var (link, problem) = await api.SignInLinkAddressAsync(Token, cancellationToken);
            (Address, CreatesAccount, Problem) = (link?.Email, link?.CreatesAccount == true, problem);
        }
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
