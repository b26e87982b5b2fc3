using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Signin;

public sealed class IndexModel(PortalApiClient api) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Please enter your email address.")]
    [EmailAddress(ErrorMessage = "Please enter an email address like name@example.com.")]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The developer's password form, shown only when the Api says its door is open to this visitor.</summary>
    public bool OffersPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Already signed in: straight to their home.
        if (SessionCookie.Read(HttpContext) is { Length: > 0 } && await api.MeAsync(cancellationToken) is { } me)
        {
            return Redirect(Home.For(me.Role, ReturnUrl, Url));
        }

        OffersPassword = await api.PasswordDoorOpenAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            OffersPassword = await api.PasswordDoorOpenAsync(cancellationToken);
            return Page();
        }

        if (await api.RequestSignInLinkAsync(Email!, cancellationToken) is { } problem)
        {
            ModelState.AddModelError(nameof(Email), problem.Detail ?? problem.Title);
            OffersPassword = await api.PasswordDoorOpenAsync(cancellationToken);
            return Page();
        }

        SessionCookie.RememberReturn(HttpContext, ReturnUrl);
        return RedirectToPage("/Signin/CheckEmail");
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        OffersPassword = await api.PasswordDoorOpenAsync(cancellationToken);
        if (!OffersPassword)
        {
            return NotFound();
        }

        var (session, problem) = await api.SignInWithPasswordAsync(Email ?? "", Password ?? "", cancellationToken);
        if (session is null)
        {
            ModelState.AddModelError(nameof(Password), problem?.Detail ?? "That did not work.");
            return Page();
        }

        SessionCookie.Write(HttpContext, session.Token);
        return Redirect(Home.For(session.Role, ReturnUrl, Url));
    }
}

/// <summary>Where someone lands after signing in: back where they were going (on this site), or their home.</summary>
public static class Home
{
    public static string For(string role, string? returnUrl, IUrlHelper url) =>
        returnUrl is { Length: > 0 } && url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/signin", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : role == "Therapist" ? "/admin" : "/me";
}
