using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Signin;

public sealed class IndexModel(PortalApiClient api, IHostEnvironment environment) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Please enter your email address.")]
    [EmailAddress(ErrorMessage = "Please enter an email address like name@example.com.")]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The password form exists only for developers; elsewhere the page does not offer it.</summary>
    public bool OffersPassword => environment.IsDevelopment();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Already signed in: straight to their home.
        if (SessionCookie.Read(HttpContext) is { Length: > 0 } && await api.MeAsync(cancellationToken) is { } me)
        {
            return Redirect(Home.For(me.Role, ReturnUrl, Url));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await api.RequestSignInLinkAsync(Email!, cancellationToken) is { } problem)
        {
            ModelState.AddModelError(nameof(Email), problem.Detail ?? problem.Title);
            return Page();
        }

        SessionCookie.RememberReturn(HttpContext, ReturnUrl);
        return RedirectToPage("/Signin/CheckEmail");
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
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
