using NodaTime;

namespace Portal.Core.Practice;

/// <summary>
/// What the therapist asks the settings to become. The presentation fields are optional: left out (null), they keep
/// their value, so an older caller that knows only the booking rules changes nothing else.
/// </summary>
public sealed record PracticeSettingsChange(
    string TimeZone,
    int MinimumNoticeMinutes,
    bool NoSameDayBookings,
    int BookingHorizonDays,
    int? DailySessionCap,
    int CancellationWindowHours,
    int SlotStepMinutes,
    string? PracticeName = null,
    string? TherapistName = null,
    string? TherapistEmail = null,
    string? AccentColour = null,
    string? VideoCallLink = null,
    string? WelcomeMessage = null,
    string? Credentials = null,
    string? Tagline = null,
    string? Introduction = null,
    string? ContactEmail = null)
{
    public const int MaxCredentials = 200, MaxTagline = 200, MaxIntroduction = 4000;

    /// <summary>The settings as they stand, in the shape a change is written in (what the settings form starts from).</summary>
    public static PracticeSettingsChange Of(PracticeSettings settings) => new(
        settings.TimeZone,
        (int)settings.MinimumNotice.TotalMinutes,
        settings.NoSameDayBookings,
        settings.BookingHorizonDays,
        settings.DailySessionCap,
        (int)settings.CancellationWindow.TotalHours,
        settings.SlotStepMinutes,
        settings.PracticeName,
        settings.TherapistName,
        settings.TherapistEmail,
        settings.AccentColour,
        settings.VideoCallLink,
        settings.WelcomeMessage,
        settings.Credentials,
        settings.Tagline,
        settings.Introduction,
        settings.ContactEmail);

    /// <summary>What is wrong, by field (camelCase, as the Api's callers name them); empty when the change can be saved.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (TimeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            errors["timeZone"] = ["Give an IANA time zone such as Europe/London."];
        }

        if (MinimumNoticeMinutes is < 0 or > 60 * 24 * 30)
        {
            errors["minimumNoticeMinutes"] = ["Notice is between 0 minutes and 30 days."];
        }

        if (BookingHorizonDays is < 1 or > PracticeSettings.MaxBookingHorizonDays)
        {
            errors["bookingHorizonDays"] = [$"The horizon is between 1 and {PracticeSettings.MaxBookingHorizonDays} days."];
        }

        if (DailySessionCap is < 1)
        {
            errors["dailySessionCap"] = ["Leave the cap empty for none, or allow at least one session a day."];
        }

        if (CancellationWindowHours is < 0 or > 24 * 14)
        {
            errors["cancellationWindowHours"] = ["The window is between 0 hours and 14 days."];
        }

        if (SlotStepMinutes is < 5 or > 240)
        {
            errors["slotStepMinutes"] = ["Start times are 5 to 240 minutes apart."];
        }

        ValidatePresentation(errors);
        return errors;
    }

    public void ApplyTo(PracticeSettings settings)
    {
        settings.TimeZone = TimeZone;
        settings.MinimumNotice = TimeSpan.FromMinutes(MinimumNoticeMinutes);
        settings.NoSameDayBookings = NoSameDayBookings;
        settings.BookingHorizonDays = BookingHorizonDays;
        settings.DailySessionCap = DailySessionCap;
        settings.CancellationWindow = TimeSpan.FromHours(CancellationWindowHours);
        settings.SlotStepMinutes = SlotStepMinutes;
        settings.PracticeName = PracticeName?.Trim() ?? settings.PracticeName;
        settings.TherapistName = TherapistName?.Trim() ?? settings.TherapistName;
        settings.TherapistEmail = TherapistEmail?.Trim() ?? settings.TherapistEmail;
        settings.AccentColour = AccentColour?.Trim() ?? settings.AccentColour;
        settings.VideoCallLink = VideoCallLink?.Trim() ?? settings.VideoCallLink;
        settings.WelcomeMessage = WelcomeMessage?.Trim() ?? settings.WelcomeMessage;
        settings.Credentials = Credentials?.Trim() ?? settings.Credentials;
        settings.Tagline = Tagline?.Trim() ?? settings.Tagline;
        settings.Introduction = Introduction?.Trim() ?? settings.Introduction;
        settings.ContactEmail = ContactEmail?.Trim() ?? settings.ContactEmail;
    }

    /// <summary>
    /// What saving would mean for the sessions already booked, in her words; empty when nothing booked is touched.
    /// Booked sessions are instants: they never move, but the rules around them do.
    /// </summary>
    public IReadOnlyList<string> ConsequencesFor(PracticeSettings current, int upcomingSessions)
    {
        if (upcomingSessions == 0)
        {
            return [];
        }

        var sessions = upcomingSessions == 1 ? "1 upcoming session keeps its time" : $"{upcomingSessions} upcoming sessions keep their times";
        var consequences = new List<string>();
        if (TimeZone != current.TimeZone)
        {
            consequences.Add($"{sessions}; from now on your weekly hours are read in {TimeZone} instead of {current.TimeZone}.");
        }

        if (CancellationWindowHours != (int)current.CancellationWindow.TotalHours)
        {
            consequences.Add(
                $"{(consequences.Count == 0 ? sessions + "; clients" : "Clients")} may now cancel or move a session until " +
                $"{Duration(TimeSpan.FromHours(CancellationWindowHours))} before it starts (until now: {Duration(current.CancellationWindow)}).");
        }

        if (MinimumNoticeMinutes != (int)current.MinimumNotice.TotalMinutes)
        {
            consequences.Add(
                $"{(consequences.Count == 0 ? sessions + "; new" : "New")} bookings must be made at least " +
                $"{Duration(TimeSpan.FromMinutes(MinimumNoticeMinutes))} ahead (until now: {Duration(current.MinimumNotice)}).");
        }

        return consequences;
    }

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: 0 } => "no time",
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => Plural((int)span.TotalDays, "day"),
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => Plural((int)span.TotalHours, "hour"),
        _ => Plural((int)span.TotalMinutes, "minute"),
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    private void ValidatePresentation(Dictionary<string, string[]> errors)
    {
        if (PracticeName is { } name && name.Trim().Length is 0 or > 120)
        {
            errors["practiceName"] = ["The practice's name is between 1 and 120 characters."];
        }

        if (TherapistName?.Trim().Length > 120)
        {
            errors["therapistName"] = ["Keep the name under 120 characters."];
        }

        if (Credentials?.Trim().Length > MaxCredentials)
        {
            errors["credentials"] = [$"Keep the credentials under {MaxCredentials} characters."];
        }

        if (Tagline?.Trim().Length > MaxTagline)
        {
            errors["tagline"] = [$"Keep the tagline under {MaxTagline} characters."];
        }

        if (Introduction?.Trim().Length > MaxIntroduction)
        {
            errors["introduction"] = ["Keep the introduction under 4,000 characters."];
        }

        if (!IsEmailOrEmpty(TherapistEmail))
        {
            errors["therapistEmail"] = ["Give an email address (or leave it empty for no email notices)."];
        }

        if (!IsEmailOrEmpty(ContactEmail))
        {
            errors["contactEmail"] = ["Give an email address visitors may write to (or leave it empty)."];
        }

        if (AccentColour is { } colour && !PracticeColour.IsValid(colour.Trim()))
        {
            errors["accentColour"] = ["Give the colour as #rrggbb, e.g. #3f6b5c."];
        }

        if (VideoCallLink is { Length: > 0 } link
            && (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || link.Length > 500))
        {
            errors["videoCallLink"] = ["Give the video room as an https:// link (or leave it empty)."];
        }

        if (WelcomeMessage is { } welcome && welcome.Trim().Length is 0 or > 4000)
        {
            errors["welcomeMessage"] = ["The welcome is between 1 and 4,000 characters."];
        }
    }

    private static bool IsEmailOrEmpty(string? email) =>
        string.IsNullOrWhiteSpace(email)
        || (email.Trim().Length <= 254 && System.Net.Mail.MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim());
}
