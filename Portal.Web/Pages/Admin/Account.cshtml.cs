using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin;

/// <summary>Where she is signed in, and ending sessions: one she no longer uses, or all of them.</summary>
[SignedIn("Therapist")]
public sealed class AccountModel(PortalApiClient api) : PageModel
{
    public MeView Me { get; private set; } = null!;

    public string TimeZone { get; private set; } = "UTC";

    public IReadOnlyList<MySessionView> Sessions { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Me = SignedInAttribute.Me(HttpContext);
        var zone = api.PracticeTimeZoneAsync(cancellationToken);
        var sessions = api.MySessionsAsync(cancellationToken);
        await Task.WhenAll(zone, sessions);
        TimeZone = await zone;
        Sessions = await sessions;
    }

    /// <summary>A time in the practice's zone, which the page names once above the list.</summary>
    public string When(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone))
            .ToString("ddd d MMM, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = await api.EndMySessionAsync(id, cancellationToken);
        Message = problem is null ? "That session has ended: the device it was on is signed out." : $"{problem.Title}. {problem.Detail}";
        return RedirectToPage();
    }
}
