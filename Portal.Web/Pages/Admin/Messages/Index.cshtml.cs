using Microsoft.AspNetCore.Mvc;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Messaging;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Messages;

/// <summary>Her inbox across clients, unread first, or one client's conversations.</summary>
[SignedIn("Therapist")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : ThreadListPage(api, practice)
{
    [BindProperty(SupportsGet = true)]
    public Guid? ClientId { get; set; }

    /// <summary>The filter's choices: her clients in name order (the first hundred).</summary>
    public IReadOnlyList<ClientListingView> Clients { get; private set; } = [];

    public string? ClientName => Clients.FirstOrDefault(c => c.Id == ClientId)?.Name ?? Threads.Threads.FirstOrDefault()?.ClientName;

    public override bool ForTherapist => true;

    public override string ListHref => "/admin/messages";

    protected override string TimeZone => Practice.TimeZone;

    protected override Guid? ClientFilter => ClientId;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var clients = Api.ClientsAsync(new ClientQuery(PageSize: 100), cancellationToken);
        await ReadThreadsAsync(cancellationToken);
        Clients = (await clients).Clients;
    }
}
