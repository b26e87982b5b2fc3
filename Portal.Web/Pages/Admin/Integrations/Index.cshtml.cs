using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Integrations;

/// <summary>Her Google Calendar: connect, choose calendars, see how syncing goes, sync now, disconnect; and the busy times it brought, a week at a time.</summary>
[SignedIn("Therapist")]
public sealed class IndexModel(PortalApiClient api) : PageModel
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public GoogleStatusView Google { get; private set; } = null!;

    public string TimeZone { get; private set; } = "UTC";

    /// <summary>The Monday of the week whose Google blocks are listed, in the practice's zone.</summary>
    public DateOnly Week { get; private set; }

    public IReadOnlyList<BlockedPeriodView> Blocks { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>
    /// Set once a connect has begun: the page sends the browser on to Google by itself (a redirect answering the form
    /// would break the Content-Security-Policy's <c>form-action 'self'</c>, which covers redirects too).
    /// </summary>
    public Uri? ConsentUrl { get; private set; }

    public async Task OnGetAsync(string? week, CancellationToken cancellationToken)
    {
        var status = api.GoogleStatusAsync(cancellationToken);
        var zone = api.PracticeTimeZoneAsync(cancellationToken);
        await Task.WhenAll(status, zone);
        (Google, TimeZone) = (await status, await zone);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, tz).DateTime);
        var day = DateOnly.TryParseExact(week, "yyyy-MM-dd", English, DateTimeStyles.None, out var asked) ? asked : today;
        Week = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        if (Google.Connected)
        {
            var from = new DateTimeOffset(Week.ToDateTime(TimeOnly.MinValue), tz.GetUtcOffset(Week.ToDateTime(TimeOnly.MinValue)));
            var to = new DateTimeOffset(Week.AddDays(7).ToDateTime(TimeOnly.MinValue), tz.GetUtcOffset(Week.AddDays(7).ToDateTime(TimeOnly.MinValue)));
            Blocks = [.. (await api.BlockedPeriodsAsync(from, to, cancellationToken)).Where(b => b.Source.StartsWith("google:", StringComparison.Ordinal))];
        }
    }

    public async Task<IActionResult> OnPostConnectAsync(CancellationToken cancellationToken)
    {
        var (consent, problem) = await api.BeginGoogleConnectAsync(cancellationToken);
        if (consent is null)
        {
            Message = problem!.Detail ?? problem.Title;
            return RedirectToPage();
        }

        ConsentUrl = consent;
        await OnGetAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCalendarsAsync(string[]? busy, string? destination, CancellationToken cancellationToken)
    {
        var problem = await api.ChooseGoogleCalendarsAsync(busy ?? [], destination ?? "", cancellationToken);
        Message = problem is null
            ? "Saved. Events in the calendars you ticked now close those times for clients (from the next sync); bookings go into the one you chose."
            : string.Join(" ", problem.Errors.Values.SelectMany(e => e).DefaultIfEmpty(problem.Detail ?? problem.Title));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken cancellationToken)
    {
        var problem = await api.SyncGoogleCalendarAsync(cancellationToken);
        Message = problem is null ? "Your Google calendars were read just now." : problem.Detail ?? problem.Title;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(CancellationToken cancellationToken)
    {
        await api.DisconnectGoogleCalendarAsync(cancellationToken);
        Message = "Google Calendar is disconnected. Events already in your calendar stay there; its busy times no longer close slots here.";
        return RedirectToPage();
    }

    /// <summary>A time in the practice's zone, which the page names once.</summary>
    public string When(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).ToString("ddd d MMM, HH:mm", English);

    public string Day(DateOnly day) => day.ToString("ddd d MMM yyyy", English);

    public string CalendarName(string source)
    {
        var id = source["google:".Length..];
        return Google.Calendars.FirstOrDefault(c => GoogleStatusView.ChoiceId(c) == id || c.Id == id)?.Summary ?? id;
    }
}
