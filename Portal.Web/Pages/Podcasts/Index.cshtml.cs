using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Podcasts;

public sealed class IndexModel(SiteContent api, PracticeProfiles practice) : PageModel
{
    public EpisodeView[]? Episodes { get; private set; }

    public PracticeProfile Practice => practice.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Episodes = await api.EpisodesAsync(cancellationToken);
        }
        catch (CmsUnavailable)
        {
            Episodes = null;
        }
    }
}
