using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Api.Identity;
using Portal.Core.Data;

namespace Portal.Api.Practice;

/// <summary>The practice's booking rules: time zone, notice, horizon, daily cap, cancellation window.</summary>
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

        if (request.BookingHorizonDays is < 1 or > 730)
        {
            errors["bookingHorizonDays"] = ["The horizon is between 1 and 730 days."];
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
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PracticeSettingsDto.From(settings));
    }
}

public sealed record PracticeSettingsDto(
    string TimeZone,
    int MinimumNoticeMinutes,
    bool NoSameDayBookings,
    int BookingHorizonDays,
    int? DailySessionCap,
    int CancellationWindowHours,
    int SlotStepMinutes)
{
    public static PracticeSettingsDto From(Portal.Core.Practice.PracticeSettings settings) => new(
        settings.TimeZone,
        (int)settings.MinimumNotice.TotalMinutes,
        settings.NoSameDayBookings,
        settings.BookingHorizonDays,
        settings.DailySessionCap,
        (int)settings.CancellationWindow.TotalHours,
        settings.SlotStepMinutes);
}
