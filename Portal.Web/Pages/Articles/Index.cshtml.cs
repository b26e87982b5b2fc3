using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages.Articles;

public sealed class IndexModel(SiteContent api) : PageModel
{
    public const int PageSize = 10;

    public ArticlePageView? Articles { get; private set; }

    public async Task OnGetAsync(int? page, CancellationToken cancellationToken)
    {
        try
        {
            Articles = await api.ArticlesAsync(Math.Max(1, page ?? 1), PageSize, cancellationToken);
        }
        catch (CmsUnavailable)
        {
            Articles = null;
        }
    }
}
