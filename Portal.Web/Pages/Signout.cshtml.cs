using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

public sealed class SignoutModel(PortalApiClient api) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(bool everywhere, CancellationToken cancellationToken)
    {
        if (SessionCookie.Read(HttpContext) is { Length: > 0 })
        {
            await api.SignOutAsync(everywhere, cancellationToken);
        }

        SessionCookie.Delete(HttpContext);
        return RedirectToPage("/Index");
    }
}
