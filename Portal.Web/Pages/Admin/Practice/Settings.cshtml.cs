using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>
/// Every practice setting on one page. A change that touches booked sessions (zone, cancellation window, notice) is
/// explained first and saved only when she says "Save anyway".
/// </summary>
[SignedIn("Therapist")]
public sealed class SettingsModel(PortalApiClient api, PracticeProfiles profiles) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["minimumNoticeMinutes"] = "MinimumNoticeHours" };

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    [BindProperty]
    public bool Confirm { get; set; }

    /// <summary>Set when saving waits for her word: what the change means for the sessions already booked.</summary>
    public IReadOnlyList<string> Consequences { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public static IReadOnlyList<string> Zones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId && z.Id.Contains('/')).Select(z => z.Id).Append("UTC").Distinct().Order()];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Input = SettingsInput.From(await api.PracticeSettingsAsync(cancellationToken));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var settings = Input.ToView();
        if (!Confirm)
        {
            var (preview, refused) = await api.PreviewPracticeSettingsAsync(settings, cancellationToken);
            if (refused is not null)
            {
                FormProblems.Add(ModelState, refused, nameof(Input), Fields);
                return Page();
            }

            if (preview!.Consequences.Length > 0)
            {
                Consequences = preview.Consequences;
                return Page();
            }
        }

        var (saved, problem) = await api.SavePracticeSettingsAsync(settings, cancellationToken);
        if (problem is not null)
        {
            FormProblems.Add(ModelState, problem, nameof(Input), Fields);
            return Page();
        }

        profiles.Remember(SettingsInput.ProfileOf(saved!));
        Message = "Saved. Every page and the next email use the new settings.";
        return RedirectToPage();
    }

    /// <summary>"Go back": the form again, as she left it.</summary>
    public IActionResult OnPostBack()
    {
        ModelState.Clear();
        return Page();
    }
}

public sealed class SettingsInput
{
    [Display(Name = "Practice name")]
    [Required(ErrorMessage = "Give the practice a name.")]
    public string PracticeName { get; set; } = "";

    public string? TherapistName { get; set; }

    public string? Credentials { get; set; }

    public string? Tagline { get; set; }

    public string? Introduction { get; set; }

    [EmailAddress(ErrorMessage = "Give an email address visitors may write to (or leave it empty).")]
    public string? ContactEmail { get; set; }

    public string? AccentColour { get; set; }

    /// <summary>The colour picker's value; it wins only when the typed colour was left as it was shown.</summary>
    public string? AccentColourPicked { get; set; }

    public string? AccentColourShown { get; set; }

    [Required(ErrorMessage = "Choose the practice's time zone.")]
    public string TimeZone { get; set; } = "Europe/London";

    [Range(0, 720, ErrorMessage = "Notice is between 0 hours and 30 days (720 hours).")]
    public int MinimumNoticeHours { get; set; }

    public bool NoSameDayBookings { get; set; }

    [Range(1, 730, ErrorMessage = "The horizon is between 1 and 730 days.")]
    public int BookingHorizonDays { get; set; }

    [Range(1, 50, ErrorMessage = "Leave the cap empty for none, or allow 1 to 50 sessions a day.")]
    public int? DailySessionCap { get; set; }

    [Range(0, 336, ErrorMessage = "The window is between 0 hours and 14 days (336 hours).")]
    public int CancellationWindowHours { get; set; }

    [Range(5, 240, ErrorMessage = "Start times are 5 to 240 minutes apart.")]
    public int SlotStepMinutes { get; set; }

    [EmailAddress(ErrorMessage = "Give an email address (or leave it empty for no email notices).")]
    public string? TherapistEmail { get; set; }

    public string? VideoCallLink { get; set; }

    public string? WelcomeMessage { get; set; }

    public static SettingsInput From(PracticeSettingsView s) => new()
    {
        PracticeName = s.PracticeName ?? "",
        TherapistName = s.TherapistName,
        Credentials = s.Credentials,
        Tagline = s.Tagline,
        Introduction = s.Introduction,
        ContactEmail = s.ContactEmail,
        AccentColour = s.AccentColour,
        AccentColourPicked = s.AccentColour,
        AccentColourShown = s.AccentColour,
        TimeZone = s.TimeZone,
        MinimumNoticeHours = s.MinimumNoticeMinutes / 60,
        NoSameDayBookings = s.NoSameDayBookings,
        BookingHorizonDays = s.BookingHorizonDays,
        DailySessionCap = s.DailySessionCap,
        CancellationWindowHours = s.CancellationWindowHours,
        SlotStepMinutes = s.SlotStepMinutes,
        TherapistEmail = s.TherapistEmail,
        VideoCallLink = s.VideoCallLink,
        WelcomeMessage = s.WelcomeMessage,
    };

    /// <summary>Without JavaScript both colour fields arrive: the one she changed is the one she meant.</summary>
    public string? ChosenColour =>
        AccentColour?.Trim() == AccentColourShown && !string.IsNullOrEmpty(AccentColourPicked) ? AccentColourPicked : AccentColour?.Trim();

    public PracticeSettingsView ToView() => new(
        TimeZone,
        MinimumNoticeHours * 60,
        NoSameDayBookings,
        BookingHorizonDays,
        DailySessionCap,
        CancellationWindowHours,
        SlotStepMinutes,
        PracticeName,
        TherapistName ?? "",
        TherapistEmail ?? "",
        ChosenColour ?? "",
        VideoCallLink ?? "",
        WelcomeMessage ?? "",
        Credentials ?? "",
        Tagline ?? "",
        Introduction ?? "",
        ContactEmail ?? "");

    public static PracticeProfile ProfileOf(PracticeSettingsView s) => new()
    {
        Name = s.PracticeName ?? "",
        TherapistName = s.TherapistName ?? "",
        Credentials = s.Credentials ?? "",
        Tagline = s.Tagline ?? "",
        Introduction = s.Introduction ?? "",
        ContactEmail = s.ContactEmail ?? "",
        AccentColour = s.AccentColour ?? PracticeProfile.Unknown.AccentColour,
        TimeZone = s.TimeZone,
    };
}
