using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages;

public sealed class IndexModel(PortalApiClient api, SiteContent content, PracticeProfiles practice, ILogger<IndexModel> logger) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    public IReadOnlyList<SessionTypeView> SessionTypes { get; private set; } = [];

    /// <summary>True when the Api could not be reached: the page still renders, with a gentle note.</summary>
    public bool SessionTypesUnavailable { get; private set; }

    /// <summary>The CMS's introduction (site page "home"); null when there is none or the CMS cannot answer.</summary>
    public SitePageView? Introduction { get; private set; }

    public IReadOnlyList<ArticleSummaryView> LatestArticles { get; private set; } = [];

    public IReadOnlyList<EpisodeView> LatestEpisodes { get; private set; } = [];

    public IReadOnlyList<FaqEntryView> Faq { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var introduction = FromCmsAsync(() => content.SitePageAsync("home", cancellationToken));
        var articles = FromCmsAsync<ArticlePageView>(async () => await content.ArticlesAsync(1, 3, cancellationToken));
        var episodes = FromCmsAsync<EpisodeView[]>(async () => await content.EpisodesAsync(cancellationToken));
        var faq = FromCmsAsync<FaqEntryView[]>(async () => await content.FaqAsync(cancellationToken));
        try
        {
            SessionTypes = await api.GetSessionTypesAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "The session types could not be loaded from the Api");
            SessionTypesUnavailable = true;
        }

        Introduction = await introduction;
        LatestArticles = (await articles)?.Items ?? [];
        LatestEpisodes = (await episodes)?.Take(3).ToArray() ?? [];
        Faq = await faq ?? [];
    }

    // The home page never fails because of the CMS: without it, its sections are left out.
    private async Task<T?> FromCmsAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (CmsUnavailable exception)
        {
            logger.LogWarning(exception, "The CMS could not answer for the home page");
            return null;
        }
    }
}
