using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    public IReadOnlyList<SessionTypeView> SessionTypes { get; private set; } = [];

    /// <summary>A signed-in client past their discovery call sees paid sessions open.</summary>
    public bool MayBookPaid => Paid == PaidSessions.Open;

    public PaidSessions Paid { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SessionTypes = await api.GetSessionTypesAsync(cancellationToken);
        Paid = await api.PaidSessionsAsync(HttpContext, cancellationToken);
    }
}
