using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin;

/// <summary>Her week: sessions, holds waiting for payment, blocked times, days off and extra hours; and blocking a time by hand.</summary>
[SignedIn("Therapist")]
public sealed class CalendarModel(PortalApiClient api, TimeProvider clock) : PageModel
{
    public CalendarWeek Week { get; private set; } = null!;

    public string TimeZone { get; private set; } = "UTC";

    [BindProperty]
    public BlockInput Block { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(string? week, string? day, CancellationToken cancellationToken)
    {
        await LoadAsync(week, day, cancellationToken);
        Block.Date ??= Week.ShownDay;
    }

    public async Task<IActionResult> OnPostBlockAsync(string? week, string? day, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            TimeZone = await api.PracticeTimeZoneAsync(cancellationToken);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
            var (date, from, until) = (Block.Date!.Value, Block.From!.Value, Block.Until!.Value);
            var problem = await api.BlockPeriodAsync(CalendarWeek.At(date, from, zone), CalendarWeek.At(date, until, zone), cancellationToken);
            if (problem is null)
            {
                Message = $"Blocked {VisitorTime.ShortDay(date)}, {from:HH:mm}–{until:HH:mm} ({VisitorTime.ZoneName(TimeZone)}). No one can book a session then.";
                return RedirectToPage(new { week = $"{CalendarWeek.MondayOf(date):yyyy-MM-dd}", day = $"{date:yyyy-MM-dd}" });
            }

            foreach (var (field, messages) in problem.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field == "start" ? "Block.From" : "Block.Until", message);
                }
            }

            if (problem.Errors.Count == 0)
            {
                ModelState.AddModelError("", $"{problem.Title}. {problem.Detail}");
            }
        }

        await LoadAsync(week, day, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostUnblockAsync(Guid id, string? week, string? day, CancellationToken cancellationToken)
    {
        var problem = await api.UnblockPeriodAsync(id, cancellationToken);
        Message = problem is null ? "The time is free again." : $"{problem.Title}. {problem.Detail}";
        return RedirectToPage(new { week, day });
    }

    public string WeekLink(int weeks) => $"/admin/calendar?week={Week.Monday.AddDays(7 * weeks):yyyy-MM-dd}";

    /// <summary>The day before or after the one a phone shows, in its own week when it crosses one.</summary>
    public string DayLink(int days)
    {
        var day = Week.ShownDay.AddDays(days);
        return $"/admin/calendar?week={CalendarWeek.MondayOf(day):yyyy-MM-dd}&day={day:yyyy-MM-dd}";
    }

    private async Task LoadAsync(string? week, string? day, CancellationToken cancellationToken)
    {
        TimeZone = await api.PracticeTimeZoneAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var chosenDay = CalendarWeek.ParseDay(day);
        var monday = CalendarWeek.MondayOf(CalendarWeek.ParseDay(week) ?? chosenDay ?? today);
        var (from, to) = (CalendarWeek.StartOf(monday, zone), CalendarWeek.StartOf(monday.AddDays(7), zone));

        // Independent reads, asked together.
        var bookings = api.BookingsBetweenAsync(from, to, cancellationToken);
        var blocked = api.BlockedPeriodsAsync(from, to, cancellationToken);
        var exceptions = api.AvailabilityExceptionsAsync(cancellationToken);
        await Task.WhenAll(bookings, blocked, exceptions);
        Week = CalendarWeek.Build(monday, today, chosenDay, zone, await bookings, await blocked, await exceptions);
    }

    public sealed class BlockInput
    {
        [Required(ErrorMessage = "Give the date to block.")]
        [Display(Name = "Date")]
        public DateOnly? Date { get; set; }

        [Required(ErrorMessage = "Give the time the block starts, like 12:00.")]
        [Display(Name = "From")]
        public TimeOnly? From { get; set; }

        [Required(ErrorMessage = "Give the time the block ends, like 13:00.")]
        [Display(Name = "Until")]
        public TimeOnly? Until { get; set; }
    }
}
