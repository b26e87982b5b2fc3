using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin;

/// <summary>Who signed in, and each time a client's notes, messages or intake answers were shown: for one client and some days if she asks.</summary>
[SignedIn("Therapist")]
public sealed class AuditModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    [BindProperty(SupportsGet = true)]
    public Guid? ClientId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<AuditEntryView> Entries { get; private set; } = [];

    public IReadOnlyList<ClientListingView> Clients { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A year mistyped in the date picker is ignored rather than sent on.
        From = From is { Year: >= 2000 and <= 2200 } ? From : null;
        To = To is { Year: >= 2000 and <= 2200 } ? To : null;
        if (From > To)
        {
            (From, To) = (To, From);
        }

        var clients = api.ClientsAsync(new ClientQuery(PageSize: 100), cancellationToken);
        Entries = await api.AuditAsync(ClientId, From, To, cancellationToken);
        Clients = (await clients).Clients;
    }

    public string When(DateTimeOffset time) =>
        VisitorTime.Full(TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone);

    public static string Describe(AuditEntryView entry) => entry.Kind switch
    {
        "Read Notes" => "Notes shown",
        "Read Messages" => "Messages shown",
        "Read IntakeAnswers" => "Intake answers shown",
        "LinkRequested" => "Sign-in link asked for",
        "LinkRequestedForUnknownAddress" => "Sign-in link asked for an unknown address",
        "SignedIn" => "Signed in",
        "AccountClaimed" => "Account claimed",
        "LinkRefused" => "Sign-in link refused",
        "PasswordSignIn" => "Signed in with the developer password",
        "PasswordRefused" => "Developer password refused",
        "SignedOut" => "Signed out",
        "SignedOutEverywhere" => "Signed out everywhere",
        _ => entry.Kind,
    };
}
