using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

/// <summary>Joining the waitlist for a session type: the slot picker's form posts here; errors come back here with it.</summary>
[SignedIn("Client")]
public sealed class WaitlistModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    private static readonly Dictionary<string, string> FieldOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["from"] = nameof(From), ["to"] = nameof(To), ["partsOfDay"] = nameof(Parts),
    };

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty]
    public string[] Parts { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Tz { get; set; }

    public WaitlistJoinView Form { get; private set; } = null!;

    /// <summary>Why the Api said no, when it is not about one field (the discovery call comes first…).</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string type, CancellationToken cancellationToken) =>
        await ShowAsync(type, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string type, CancellationToken cancellationToken)
    {
        if (!await ShowAsync(type, cancellationToken))
        {
            return NotFound();
        }

        // An unreadable date arrives as none: the Api then says which one to give.
        ModelState.Clear();
        var problem = await api.JoinWaitlistAsync(new WaitlistForm(type, From, To, Parts, Form.TimeZone), cancellationToken);
        if (problem is null)
        {
            TempData.KeepMessage($"You are on the waitlist for {Form.Type.Name.ToLowerInvariant()}. We will email you when a time comes up.");
            return RedirectToPage("/Me/Waitlist");
        }

        foreach (var (field, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(FieldOf.GetValueOrDefault(field, ""), message);
            }
        }

        Problem = problem.Errors.Count == 0 ? $"{problem.Title}. {problem.Detail}" : null;
        return Page();
    }

    private async Task<bool> ShowAsync(string type, CancellationToken cancellationToken)
    {
        if (await api.GetSessionTypeAsync(type, cancellationToken) is not { } sessionType)
        {
            return false;
        }

        var zone = VisitorTime.IsKnownZone(Tz) ? Tz! : VisitorTime.ZoneOr(SignedInAttribute.Me(HttpContext).TimeZone, practice.Value.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        var from = From ?? today;
        Form = new WaitlistJoinView(sessionType, zone, from, To ?? from.AddDays(WaitlistJoinView.DaysOffered - 1), Parts, Open: true);
        return true;
    }
}
