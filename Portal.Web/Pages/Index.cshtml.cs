using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages;

public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice, ILogger<IndexModel> logger) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    public IReadOnlyList<SessionTypeView> SessionTypes { get; private set; } = [];

    /// <summary>True when the Api could not be reached: the page still renders, with a gentle note.</summary>
    public bool SessionTypesUnavailable { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            SessionTypes = await api.GetSessionTypesAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "The session types could not be loaded from the Api");
            SessionTypesUnavailable = true;
        }
    }
}
