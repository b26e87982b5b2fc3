using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me.Library;

/// <summary>What the therapist shared with the client, newest first; new items are marked until they say they have seen them.</summary>
[SignedIn("Client")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public IReadOnlyList<LibraryEntryView> Items { get; private set; } = [];

    /// <summary>Their own zone, or the practice's when they have none.</summary>
    public string TimeZone { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        TimeZone = VisitorTime.ZoneOr(SignedInAttribute.Me(HttpContext).TimeZone, practice.Value.TimeZone);
        Items = await api.MyLibraryAsync(cancellationToken);
    }

    /// <summary>"Mark as seen"; with scripts, playing or opening an item sends it too (and takes the 204).</summary>
    public async Task<IActionResult> OnPostSeenAsync(Guid id, CancellationToken cancellationToken)
    {
        await api.MarkLibraryItemSeenAsync(id, cancellationToken);
        return Request.Headers["X-Requested-With"] == "fetch" ? new NoContentResult() : Redirect($"/me/library#item-{id}");
    }

    /// <summary>"after your session on Tue 3 Mar", in the client's zone.</summary>
    public string SessionDay(DateTimeOffset start) =>
        VisitorTime.ShortDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime));
}
