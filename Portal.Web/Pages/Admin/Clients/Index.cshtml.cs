using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Clients;

[SignedIn("Therapist")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public ClientPageView Found { get; private set; } = new([], 0, 1, 25);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Stage is not null && ClientStages.All.All(s => s.Value != Stage))
        {
            Stage = null;
        }

        Search = Search?.Trim() is { Length: > 0 and <= 200 } search ? search : null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Found = await api.ClientsAsync(new ClientQuery(Search, Stage, PageNumber), cancellationToken);
    }

    public string When(DateTimeOffset? time) =>
        time is { } t ? VisitorTime.Full(TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone) : "—";

    /// <summary>The same search on another page.</summary>
    public string PageLink(int page) =>
        QueryString.Create(new Dictionary<string, string?> { ["search"] = Search, ["stage"] = Stage, ["page"] = page.ToString() }
            .Where(p => !string.IsNullOrEmpty(p.Value))).ToString();
}
