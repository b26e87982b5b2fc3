using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin;

/// <summary>Who signed in, who was refused, who signed out: the practice's sign-in audit.</summary>
[SignedIn("Therapist")]
public sealed class SignInsModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    public IReadOnlyList<SignInEventView> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Events = await api.SignInAuditAsync(cancellationToken);

    public static string Describe(SignInEventView e) => e.Kind switch
    {
        "LinkRequested" => "asked for a sign-in link",
        "LinkRequestedForUnknownAddress" => "a link was asked for an address we do not know",
        "SignedIn" => "signed in",
        "AccountClaimed" => "claimed their account and signed in",
        "LinkRefused" => $"a sign-in link was refused ({e.Detail})",
        "PasswordSignIn" => "signed in with the development password",
        "PasswordRefused" => "a password sign-in was refused",
        "SignedOut" => "signed out",
        "SignedOutEverywhere" => "signed out on every device",
        _ => e.Kind,
    };
}
