using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Podcasts;

public sealed class EpisodeModel(SiteContent api, PracticeProfiles practice) : PageModel
{
    public EpisodeView? Episode { get; private set; }

    public PracticeProfile Practice => practice.Value;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            Episode = await api.EpisodeAsync(slug, cancellationToken);
        }
        catch (CmsUnavailable)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        return Episode is null ? NotFound() : Page();
    }
}
