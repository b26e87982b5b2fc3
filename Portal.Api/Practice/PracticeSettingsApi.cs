using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Api.Practice;

/// <summary>
/// The practice's booking rules (time zone, notice, horizon, daily cap, cancellation window) and how it presents
/// itself in emails (name, accent colour, the therapist's address for notices, the video room, the welcome).
/// </summary>
public static class PracticeSettingsApi
{
    public static IEndpointRouteBuilder MapPracticeSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("api/practice/settings").WithTags("Practice").RequireAuthorization(Policies.Therapist);
        settings.MapGet("/", GetSettings).WithName("GetPracticeSettings").WithSummary("The booking rules.");
        settings.MapPut("/", UpdateSettings).WithName("UpdatePracticeSettings").WithSummary("Changes the booking rules.");
        return app;
    }

    public static async Task<Ok<PracticeSettingsDto>> GetSettings(PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(PracticeSettingsDto.From(await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)));

    public static async Task<Results<Ok<PracticeSettingsDto>, ValidationProblem>> UpdateSettings(
        PracticeSettingsDto request, PortalDb db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(request.TimeZone) is null)
        {
            errors["timeZone"] = ["Give an IANA time zone such as Europe/London."];
        }

        if (request.MinimumNoticeMinutes is < 0 or > 60 * 24 * 30)
        {
            errors["minimumNoticeMinutes"] = ["Notice is between 0 minutes and 30 days."];
        }

        if (request.BookingHorizonDays is < 1 or > PracticeSettings.MaxBookingHorizonDays)
        {
            errors["bookingHorizonDays"] = [$"The horizon is between 1 and {PracticeSettings.MaxBookingHorizonDays} days."];
        }

        if (request.DailySessionCap is < 1)
        {
            errors["dailySessionCap"] = ["Leave the cap empty for none, or allow at least one session a day."];
        }

        if (request.CancellationWindowHours is < 0 or > 24 * 14)
        {
            errors["cancellationWindowHours"] = ["The window is between 0 hours and 14 days."];
        }

        if (request.SlotStepMinutes is < 5 or > 240)
        {
            errors["slotStepMinutes"] = ["Start times are 5 to 240 minutes apart."];
        }

        ValidatePresentation(request, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = await db.PracticeSettings.SingleAsync(cancellationToken);
        settings.TimeZone = request.TimeZone;
        settings.MinimumNotice = TimeSpan.FromMinutes(request.MinimumNoticeMinutes);
        settings.NoSameDayBookings = request.NoSameDayBookings;
        settings.BookingHorizonDays = request.BookingHorizonDays;
        settings.DailySessionCap = request.DailySessionCap;
        settings.CancellationWindow = TimeSpan.FromHours(request.CancellationWindowHours);
        settings.SlotStepMinutes = request.SlotStepMinutes;
        settings.PracticeName = request.PracticeName?.Trim() ?? settings.PracticeName;
        settings.TherapistName = request.TherapistName?.Trim() ?? settings.TherapistName;
        settings.TherapistEmail = request.TherapistEmail?.Trim() ?? settings.TherapistEmail;
        settings.AccentColour = request.AccentColour?.Trim() ?? settings.AccentColour;
        settings.VideoCallLink = request.VideoCallLink?.Trim() ?? settings.VideoCallLink;
        settings.WelcomeMessage = request.WelcomeMessage?.Trim() ?? settings.WelcomeMessage;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PracticeSettingsDto.From(settings));
    }

    private static void ValidatePresentation(PracticeSettingsDto request, Dictionary<string, string[]> errors)
    {
        if (request.PracticeName is { } name && name.Trim().Length is 0 or > 120)
        {
            errors["practiceName"] = ["The practice's name is between 1 and 120 characters."];
        }

        if (request.TherapistName?.Trim().Length > 120)
        {
            errors["therapistName"] = ["Keep the name under 120 characters."];
        }

        if (request.TherapistEmail is { Length: > 0 } email && !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
        {
            errors["therapistEmail"] = ["Give an email address (or leave it empty for no email notices)."];
        }

        if (request.AccentColour is { } colour && !PresentationRules.HexColour().IsMatch(colour.Trim()))
        {
            errors["accentColour"] = ["Give the colour as #rrggbb, e.g. #3f6b5c."];
        }

        if (request.VideoCallLink is { Length: > 0 } link
            && (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || link.Length > 500))
        {
            errors["videoCallLink"] = ["Give the video room as an https:// link (or leave it empty)."];
        }

        if (request.WelcomeMessage is { } welcome && welcome.Trim().Length is 0 or > 4000)
        {
            errors["welcomeMessage"] = ["The welcome is between 1 and 4,000 characters."];
        }
    }
}

/// <remarks>The presentation fields are optional on update: left out, they keep their value.</remarks>
internal static partial class PresentationRules
{
    [System.Text.RegularExpressions.GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    public static partial System.Text.RegularExpressions.Regex HexColour();
}

public sealed record PracticeSettingsDto(
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
    string? WelcomeMessage = null)
{
    public static PracticeSettingsDto From(Portal.Core.Practice.PracticeSettings settings) => new(
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
        settings.WelcomeMessage);
}
