using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>
/// Her weekly hours (several ranges a day) and the dates that differ. Sessions already booked are never moved by a
/// change here; when one would fall outside her hours she is told which before anything is saved.
/// </summary>
[SignedIn("Therapist")]
public sealed class AvailabilityModel(PortalApiClient api, PracticeProfiles profiles) : PageModel
{
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [BindProperty]
    public List<DayHoursInput> Days { get; set; } = [];

    [BindProperty]
    public DateInput Date { get; set; } = new();

    [BindProperty]
    public bool Confirm { get; set; }

    public AvailabilityExceptionView[] Dates { get; private set; } = [];

    /// <summary>Set when saving waits for her word: the sessions the change would leave outside her hours.</summary>
    public SessionOutsideHoursView[] Outside { get; private set; } = [];

    /// <summary>Which form the confirmation is for: "hours" or "date".</summary>
    public string? Confirming { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public string TimeZone => profiles.Value.TimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Days = DayHoursInput.WeekOf(await api.WorkingHoursAsync(cancellationToken));
        await LoadDatesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddRangeAsync(int day, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Normalise();
        if (day >= 0 && day < Days.Count)
        {
            Days[day].Ranges.Add(new RangeInput());
        }

        await LoadDatesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveRangeAsync(string range, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (range.Split(':') is [var d, var r] && int.TryParse(d, out var day) && int.TryParse(r, out var index)
            && day >= 0 && day < Days.Count && index >= 0 && index < Days[day].Ranges.Count)
        {
            Days[day].Ranges.RemoveAt(index);
        }

        Normalise();

        await LoadDatesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostHoursAsync(CancellationToken cancellationToken)
    {
        ClearDateForm();
        Normalise();
        ClearHoursForm(); // the rows are renumbered without the empty ones: their errors and values come from the rows now
        var hours = CheckedHours();
        await LoadDatesAsync(cancellationToken);
        if (hours is null)
        {
            return Page();
        }

        if (!Confirm)
        {
            var (outside, refused) = await api.PreviewWorkingHoursAsync(hours, cancellationToken);
            if (refused is not null)
            {
                FormProblems.Add(ModelState, refused, "Days");
                return Page();
            }

            if (outside!.Length > 0)
            {
                (Outside, Confirming) = (outside, "hours");
                return Page();
            }
        }

        var (_, problem) = await api.SaveWorkingHoursAsync(hours, cancellationToken);
        if (problem is not null)
        {
            FormProblems.Add(ModelState, problem, "Days");
            return Page();
        }

        Message = "Your weekly hours are saved. New bookings follow them from now on.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDateAsync(CancellationToken cancellationToken)
    {
        ClearHoursForm();
        Days = DayHoursInput.WeekOf(await api.WorkingHoursAsync(cancellationToken)); // the date form does not carry them
        await LoadDatesAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var exception = Date.ToView();
        if (!Confirm)
        {
            var (outside, refused) = await api.PreviewAvailabilityExceptionAsync(exception, cancellationToken);
            if (refused is not null)
            {
                FormProblems.Add(ModelState, refused, nameof(Date));
                return Page();
            }

            if (outside!.Length > 0)
            {
                (Outside, Confirming) = (outside, "date");
                return Page();
            }
        }

        var (_, problem) = await api.AddAvailabilityExceptionAsync(exception, cancellationToken);
        if (problem is not null)
        {
            FormProblems.Add(ModelState, problem, nameof(Date));
            return Page();
        }

        Message = Date.IsDayOff ? $"{VisitorTime.Day(Date.On!.Value)} is a day off." : $"Extra hours added on {VisitorTime.Day(Date.On!.Value)}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveDateAsync(Guid id, CancellationToken cancellationToken)
    {
        await api.RemoveAvailabilityExceptionAsync(id, cancellationToken);
        Message = "Removed. That date follows your weekly hours again.";
        return RedirectToPage();
    }

    /// <summary>"Go back" from a confirmation: the forms again, as she left them.</summary>
    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Normalise();
        await LoadDatesAsync(cancellationToken);
        return Page();
    }

    public string When(DateTimeOffset instant) =>
        VisitorTime.Full(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone);

    private async Task LoadDatesAsync(CancellationToken cancellationToken) =>
        Dates = await api.AvailabilityExceptionsAsync(cancellationToken);

    /// <summary>Seven days in week order, whatever was posted, without the empty rows (the page adds one a day).</summary>
    private void Normalise()
    {
        var posted = Days;
        Days = [.. Week.Select((day, i) => new DayHoursInput
        {
            Day = day,
            Ranges = [.. (posted.ElementAtOrDefault(i)?.Ranges ?? []).Where(r => r.Start is not null || r.End is not null).Take(8)],
        })];
    }

    /// <summary>The ranges as the Api takes them; null (with errors by the row) when a row is half filled or reversed.</summary>
    private WorkingHoursView[]? CheckedHours()
    {
        var hours = new List<WorkingHoursView>();
        for (var d = 0; d < Days.Count; d++)
        {
            for (var r = 0; r < Days[d].Ranges.Count; r++)
            {
                var range = Days[d].Ranges[r];
                var key = $"Days[{d}].Ranges[{r}]";
                if (range.Start is null && range.End is null)
                {
                    continue;
                }

                if (range.Start is null || range.End is null)
                {
                    ModelState.AddModelError($"{key}.{(range.Start is null ? "Start" : "End")}", $"{Days[d].Day}: give both a start and an end (or clear both).");
                }
                else if (range.Start >= range.End)
                {
                    ModelState.AddModelError($"{key}.End", $"{Days[d].Day}: the range must end after it starts ({range.Start:HH\\:mm}).");
                }
                else
                {
                    hours.Add(new WorkingHoursView(Days[d].Day, range.Start.Value, range.End.Value));
                }
            }
        }

        return ModelState.IsValid ? [.. hours] : null;
    }

    private void ClearDateForm()
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Days", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private void ClearHoursForm()
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Days", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }
}

public sealed class DayHoursInput
{
    public DayOfWeek Day { get; set; }

    public List<RangeInput> Ranges { get; set; } = [];

    public static List<DayHoursInput> WeekOf(IEnumerable<WorkingHoursView> hours) =>
        [.. AvailabilityModel.Week.Select(day => new DayHoursInput
        {
            Day = day,
            Ranges = [.. hours.Where(h => h.Day == day).OrderBy(h => h.Start).Select(h => new RangeInput { Start = h.Start, End = h.End })],
        })];
}

public sealed class RangeInput
{
    public TimeOnly? Start { get; set; }

    public TimeOnly? End { get; set; }
}

public sealed class DateInput : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public DateOnly? On { get; set; }

    /// <summary>"DayOff" or "ExtraHours".</summary>
    public string Kind { get; set; } = "DayOff";

    public TimeOnly? Start { get; set; }

    public TimeOnly? End { get; set; }

    public string? Note { get; set; }

    public bool IsDayOff => Kind != "ExtraHours";

    public AvailabilityExceptionView ToView() => IsDayOff
        ? new(null, On!.Value, "DayOff", null, null, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim())
        : new(null, On!.Value, "ExtraHours", Start, End, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim());

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext context)
    {
        if (On is null)
        {
            yield return new("Give the date.", [nameof(On)]);
        }

        if (!IsDayOff && (Start is null || End is null || Start >= End))
        {
            yield return new("Extra hours need a start and an end after it.", [Start is null ? nameof(Start) : nameof(End)]);
        }

        if (Note?.Length > 200)
        {
            yield return new("Keep the note under 200 characters.", [nameof(Note)]);
        }
    }
}
