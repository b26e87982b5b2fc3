using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Me;

/// <summary>Moving a session: the free times of the next two weeks, in the client's zone, one press each.</summary>
[SignedIn("Client")]
public sealed class MoveModel(PortalApiClient api, TimeProvider clock) : PageModel
{
    public const int DaysShown = 14;

    public BookingView Booking { get; private set; } = null!;

    public IReadOnlyList<(DateOnly Day, DateTimeOffset[] Starts)> Days { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>The time they picked, shown back for a yes before anything moves.</summary>
    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Start { get; set; }

    /// <summary>How long before a session it can still be changed online.</summary>
    public int WindowHours => Booking.ClientMayChangeUntil is { } until ? (int)Math.Round((Booking.Start - until).TotalHours) : 0;

    /// <summary>The new time is inside the cancellation window: once moved there, it cannot be changed online.</summary>
    public bool ChosenTimeIsFinal =>
        Start is { } start && Booking.ClientMayChangeUntil is { } until && start - (Booking.Start - until) <= clock.GetUtcNow();

    /// <summary>A time in the client's zone.</summary>
    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(Booking.TimeZone));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Start is not { } start)
        {
            return RedirectToPage(new { id });
        }

        var problem = await api.RescheduleBookingAsync(id, start, cancellationToken);
        if (problem is null)
        {
            TempData["Message"] = "Your session has moved. The new time is on its way to you by email.";
            return RedirectToPage("/Me/Index");
        }

        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        Problem = problem.Detail ?? problem.Title;
        Start = null;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var booking = (await api.MyBookingsAsync(cancellationToken)).FirstOrDefault(b => b.Id == id && b.Status == "Confirmed");
        if (booking is null)
        {
            return NotFound();
        }

        Booking = booking;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(booking.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var slots = await api.GetSlotsAsync(booking.SessionType, today, today.AddDays(DaysShown - 1), booking.TimeZone, cancellationToken);
        Days = [.. (slots?.Days ?? [])
            .Select(d => (DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.Starts))
            .Where(d => d.Starts.Length > 0)];
        return null;
    }
}
