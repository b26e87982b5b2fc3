using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Clients;

/// <summary>A client's intake answers, with the questions of the version they answered. Each showing is audited by the Api.</summary>
[SignedIn("Therapist")]
public sealed class IntakeModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public ClientIntakeView Intake { get; private set; } = null!;

    public ClientView Client { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var client = await api.ClientAsync(id, cancellationToken);
        var intake = client is null ? null : await api.ClientIntakeAsync(id, cancellationToken);
        if (client is null || intake is null)
        {
            return NotFound();
        }

        (Client, Intake) = (client, intake);
        return Page();
    }

    public string When(DateTimeOffset time) => VisitorTime.FullIn(time, practice.Value.TimeZone);
}
