using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Messaging;

/// <summary>
/// A list of threads, unread first, a page at a time: a client's own (<c>/me/messages</c>) or the therapist's inbox
/// across her clients (<c>/admin/messages</c>). The page's script asks for the list alone when a notice comes.
/// </summary>
public abstract class ThreadListPage(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    [BindProperty(Name = "page", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public ThreadPageView Threads { get; protected set; } = ThreadPageView.None;

    protected PortalApiClient Api { get; } = api;

    public abstract bool ForTherapist { get; }

    public abstract string ListHref { get; }

    protected abstract string TimeZone { get; }

    protected PracticeProfile Practice => practice.Value;

    /// <summary>The therapist's inbox may show one client's threads only.</summary>
    protected virtual Guid? ClientFilter => null;

    public string When(DateTimeOffset time) =>
        VisitorTime.Full(TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone);

    /// <summary>Who wrote last, as the reader says it; in her inbox, whom the conversation is with, too.</summary>
    public string LastWriter(ThreadSummaryView thread) => (ForTherapist, thread.LastFromTherapist) switch
    {
        (true, true) => $"{thread.ClientName} · you wrote last",
        (true, false) => $"{thread.ClientName} wrote last",
        (false, true) => $"{Practice.TherapistName} wrote last",
        (false, false) => "You wrote last",
    };

    /// <summary>This list on another page, keeping its filter.</summary>
    public string PageLink(int page) =>
        QueryString.Create(new Dictionary<string, string?> { ["clientId"] = ClientFilter?.ToString(), ["page"] = page.ToString() }
            .Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    /// <summary>The address the page's script reads the list alone from.</summary>
    public string LiveSource => $"{ListHref}{QueryString.Create(new Dictionary<string, string?>
        { ["handler"] = "Threads", ["clientId"] = ClientFilter?.ToString(), ["page"] = PageNumber.ToString() }
        .Where(p => !string.IsNullOrEmpty(p.Value)))}";

    protected async Task ReadThreadsAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Threads = await Api.ThreadsAsync(ClientFilter, PageNumber, cancellationToken);
    }

    public async Task<IActionResult> OnGetThreadsAsync(CancellationToken cancellationToken)
    {
        await ReadThreadsAsync(cancellationToken);
        return Partial("/Pages/Shared/Messages/_ThreadList.cshtml", this);
    }

    /// <summary>The navigation's badge, for the page's script.</summary>
    public async Task<IActionResult> OnGetUnreadAsync(CancellationToken cancellationToken) =>
        new JsonResult(new { count = await Api.UnreadMessagesAsync(cancellationToken) });
}
