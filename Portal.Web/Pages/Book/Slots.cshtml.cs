using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;
using Portal.Web.Api;
using Portal.Web.Availability;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

[OutputCache(PolicyName = FreeTimesPages.PolicyName)]
public sealed class SlotsModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    public const int DaysShown = 7;

    /// <summary>No practice books further ahead than two years: a week beyond is shown as this week, with a word why.</summary>
    public const int FurthestDaysAhead = 731;

    public PracticeProfile Practice => practice.Value;

    public SessionTypeView SessionType { get; private set; } = null!;

    public string TimeZone { get; private set; } = "";

    public DateOnly WeekStart { get; private set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyDictionary<DateOnly, DateTimeOffset[]> Days { get; private set; } = new Dictionary<DateOnly, DateTimeOffset[]>();

    /// <summary>Why the visitor is back here (the time they chose was just taken).</summary>
    public string? Message { get; private set; }

    public bool TimeZoneGiven { get; private set; }

    /// <summary>A signed-in client past their discovery call: paid times are open to them.</summary>
    public bool MayBookPaid => Paid == PaidSessions.Open;

    public PaidSessions Paid { get; private set; } = PaidSessions.AfterDiscovery;

    /// <summary>
    /// Free sessions go on to the details form; paid ones to the payment step (signed in). Written out rather than
    /// generated: a week can show a hundred times, and generating each link was a large part of the page's cost.
    /// </summary>
    public string NextPageFor(DateTimeOffset start) =>
        $"/book/{Uri.EscapeDataString(SessionType.Slug)}/{(SessionType.IsFree ? "details" : "pay")}"
        + $"?start={Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture))}&tz={Uri.EscapeDataString(TimeZone)}";

    public bool ShowsTimes => SessionType.BookableOnline && (!SessionType.RequiresCompletedDiscovery || MayBookPaid);

    public async Task<IActionResult> OnGetAsync(string type, string? tz, DateOnly? week, CancellationToken cancellationToken)
    {
        var sessionType = await api.GetSessionTypeAsync(type, cancellationToken);
        if (sessionType is null)
        {
            return NotFound();
        }

        SessionType = sessionType;
        TimeZoneGiven = VisitorTime.IsKnownZone(tz);
        TimeZone = TimeZoneGiven ? tz! : Practice.TimeZone;
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);
        WeekStart = week is { } requested && requested > Today && requested <= Today.AddDays(FurthestDaysAhead) ? requested : Today;
        // A message comes only in the TempData cookie; reading TempData without one answers with a deletion of that
        // cookie, a Set-Cookie that would keep a first visitor's page from being kept (FreeTimesPages).
        Message = (Request.Cookies.ContainsKey(CookieTempDataProvider.CookieName) ? TempData.TakeMessage() : null) ?? AboutTheAddress(tz, week);

        if (sessionType.RequiresCompletedDiscovery)
        {
            Paid = await api.PaidSessionsAsync(HttpContext, cancellationToken);
        }

        if (ShowsTimes)
        {
            var slots = await api.GetSlotsAsync(type, WeekStart, WeekStart.AddDays(DaysShown - 1), TimeZone, cancellationToken);
            Days = (slots?.Days ?? []).ToDictionary(d => DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Starts);
            if (Days.Values.All(starts => starts.Length == 0))
            {
                NextFreeDay = await NextFreeDayAsync(type, WeekStart.AddDays(DaysShown), cancellationToken);
            }
        }

        return Page();
    }

    /// <summary>A link that asked for what cannot be shown still gets the page, and a sentence on what it shows instead.</summary>
    private string? AboutTheAddress(string? tz, DateOnly? week)
    {
        if (!string.IsNullOrEmpty(tz) && !TimeZoneGiven)
        {
            return $"We do not know the time zone “{tz}”, so times are shown in {VisitorTime.ZoneName(TimeZone)}. Choose yours below.";
        }

        return week > Today.AddDays(FurthestDaysAhead)
            ? "Sessions can be booked up to two years ahead at most, so here are this week's times."
            : null;
    }

    /// <summary>How far past an empty week the page looks for the next free day.</summary>
    public const int LooksAheadDays = 56;

    /// <summary>When the week shown has no free time: the first day after it that has one, within <see cref="LooksAheadDays"/>.</summary>
    public DateOnly? NextFreeDay { get; private set; }

    public bool WeekIsEmpty => ShowsTimes && Days.Values.All(starts => starts.Length == 0);

    private async Task<DateOnly?> NextFreeDayAsync(string type, DateOnly from, CancellationToken cancellationToken)
    {
        var slots = await api.GetSlotsAsync(type, from, from.AddDays(LooksAheadDays - 1), TimeZone, cancellationToken);
        return (slots?.Days ?? [])
            .Where(d => d.Starts.Length > 0)
            .Select(d => (DateOnly?)DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }

    public DateTimeOffset[] StartsOn(DateOnly day) => Days.TryGetValue(day, out var starts) ? starts : [];
}
