using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Articles;

public sealed class ArticleModel(SiteContent api, PracticeProfiles practice) : PageModel
{
    public ArticleView? Article { get; private set; }

    public bool Unavailable { get; private set; }

    public PracticeProfile Practice => practice.Value;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            Article = await api.ArticleAsync(slug, cancellationToken);
        }
        catch (CmsUnavailable)
        {
            Unavailable = true;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        return Article is null ? NotFound() : Page();
    }
}
