using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me;

/// <summary>A copy of everything the practice holds about the client: asked for here, ready within minutes, kept 7 days.</summary>
[SignedIn("Client")]
public sealed class DataModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public IReadOnlyList<DataExportView> Exports { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Exports = await api.MyDataExportsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var problem = await api.RequestDataExportAsync(cancellationToken);
        Message = problem is null
            ? "We are gathering your data. It is usually ready within minutes; we email you when it is, and it appears here."
            : $"{problem.Title}. {problem.Detail}";
        return RedirectToPage();
    }

    public string Local(DateTimeOffset time) =>
        VisitorTime.FullIn(time, VisitorTime.ZoneOr(SignedInAttribute.Me(HttpContext).TimeZone, practice.Value.TimeZone));
}
