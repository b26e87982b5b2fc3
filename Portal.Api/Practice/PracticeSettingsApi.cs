using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Api.Practice;

/// <summary>
/// The practice's booking rules (time zone, notice, horizon, daily cap, cancellation window) and how it presents
/// itself on its pages and in emails (names, introduction, accent colour, addresses, the video room, the welcome).
/// </summary>
public static class PracticeSettingsApi
{
    public static IEndpointRouteBuilder MapPracticeSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("api/practice/settings").WithTags("Practice").RequireAuthorization(Policies.Therapist);
        settings.MapGet("/", GetSettings).WithName("GetPracticeSettings").WithSummary("The booking rules and the practice's presentation.");
        settings.MapPut("/", UpdateSettings).WithName("UpdatePracticeSettings").WithSummary("Changes the booking rules and the presentation.");
        settings.MapPost("/preview", PreviewSettings).WithName("PreviewPracticeSettings")
            .WithSummary("What saving these settings would mean for the sessions already booked; saves nothing.");

        app.MapGet("api/practice/profile", GetProfile).WithTags("Practice").AllowAnonymous()
            .WithName("GetPracticeProfile").WithSummary("How the practice introduces itself on its public pages.");
        return app;
    }

    public static async Task<Ok<PracticeSettingsChange>> GetSettings(PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(PracticeSettingsChange.Of(await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)));

    public static async Task<Results<Ok<PracticeSettingsChange>, ValidationProblem>> UpdateSettings(
        PracticeSettingsChange change, PortalDb db, CancellationToken cancellationToken)
    {
        if (change.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = await db.PracticeSettings.SingleAsync(cancellationToken);
        if (change.BookingHorizonDays > settings.BookingHorizonDays)
        {
            await Portal.Core.Calendar.CalendarPull.ReadWholeNextTimeAsync(db, cancellationToken);
        }

        change.ApplyTo(settings);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PracticeSettingsChange.Of(settings));
    }

    public static async Task<Results<Ok<SettingsPreviewDto>, ValidationProblem>> PreviewSettings(
        PracticeSettingsChange change, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (change.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var current = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var upcoming = await db.Bookings.CountAsync(b => Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now, cancellationToken);
        return TypedResults.Ok(new SettingsPreviewDto(upcoming, [.. change.ConsequencesFor(current, upcoming)]));
    }

    /// <remarks>Public fields only: the therapist's own notice address and the welcome for new clients stay inside.</remarks>
    public static async Task<Ok<PracticeProfileDto>> GetProfile(PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(PracticeProfileDto.From(await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)));
}

/// <summary>How many sessions are booked from now on, and what the change means for them (empty: nothing).</summary>
public sealed record SettingsPreviewDto(int UpcomingSessions, string[] Consequences);

public sealed record PracticeProfileDto(
    string Name,
    string TherapistName,
    string Credentials,
    string Tagline,
    string Introduction,
    string ContactEmail,
    string AccentColour,
    string TimeZone)
{
    public static PracticeProfileDto From(PracticeSettings settings) => new(
        settings.PracticeName,
        settings.TherapistName,
        settings.Credentials,
        settings.Tagline,
        settings.Introduction,
        settings.ContactEmail,
        settings.AccentColour,
        settings.TimeZone);
}
