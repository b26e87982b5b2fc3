using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Portal.Core.Availability;
using Portal.Core.Data;
using Portal.Core.Practice;
using Portal.Api.RateLimiting;

namespace Portal.Api.Availability;

public static class SlotsApi
{
    /// <summary>The longest stretch one request may ask about (a month view and a bit).</summary>
    public const int MaxDays = 62;

    public static IEndpointRouteBuilder MapSlotsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/slots").WithTags("Availability")
            .MapGet("/", ListFreeSlots)
            .AllowAnonymous()
            .RequireRateLimit(rules => rules.SlotSearchPerIp, "slots", perIp: true)
            .WithName("ListFreeSlots")
            .WithSummary("Free start times of a session type between two dates, in the visitor's time zone, grouped by day.");
        return app;
    }

    public static async Task<Results<SlotsJsonResult, ValidationProblem, ProblemHttpResult>> ListFreeSlots(
        [AsParameters] SlotsQuery query, PortalDb db, SharedAvailability availability, CalendarVersionWatch watch, SlotAnswers answers,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var from = ReadDate(query.From, "from", errors);
        var to = ReadDate(query.To, "to", errors);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(query.Tz ?? "");
        if (zone is null)
        {
            errors["tz"] = ["Give an IANA time zone such as Europe/London."];
        }

        if (from is not null && to is not null && (to < from || Period.Between(from.Value, to.Value, PeriodUnits.Days).Days >= MaxDays))
        {
            errors["to"] = [$"'to' must be on or after 'from', and at most {MaxDays} days in all."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The slot search needs a few corrections");
        }

        // Days no practice could offer are answered without a read; the rest is clamped before it becomes a key.
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var viewer = zone!;
        if (SearchWindow.Clamp(from!.Value, to!.Value, viewer, now) is not { } possible)
        {
            return new SlotsJsonResult(SlotAnswers.Serialize(new SlotsResponse(query.SessionType ?? "", viewer.Id, [])));
        }

        var version = await availability.VersionAsync(watch, db, cancellationToken);
        var settings = await availability.SettingsAsync(version, cancellationToken);
        var type = await availability.ActiveSessionTypeAsync(version, query.SessionType, cancellationToken);
        if (type is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "Unknown session type", detail: $"There is no session type '{query.SessionType}' to book.");
        }

        if (possible.Clamp(viewer, now, settings.BookingHorizonDays) is not { } window)
        {
            return new SlotsJsonResult(SlotAnswers.Serialize(new SlotsResponse(type.Slug, viewer.Id, [])));
        }

        var question = new SlotQuestion(version, type.Slug, window.FirstDay, window.LastDay, viewer.Id);
        if (answers.Find(question, now) is { } ready)
        {
            return new SlotsJsonResult(ready);
        }

        var snapshot = await availability.LoadAsync(version, window.InstantsIn(viewer), cancellationToken);
        var days = SlotFinder.Find(type, window.FirstDay, window.LastDay, viewer, snapshot, now);
        var response = new SlotsResponse(
            type.Slug,
            viewer.Id,
            [.. days.Select(day => new SlotDayResponse(
                LocalDatePattern.Iso.Format(day.Date),
                [.. day.Starts.Select(start => IsoInstant.Format(start.ToOffsetDateTime()))]))]);
        return new SlotsJsonResult(answers.Keep(question, response, FreeTimesFreshness.FreshUntil(days, settings, snapshot.PracticeZone, now)));
    }

    private static readonly OffsetDateTimePattern IsoInstant =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    private static LocalDate? ReadDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        var result = LocalDatePattern.Iso.Parse(value ?? "");
        if (result.Success && CalendarBounds.Contains(result.Value.ToDateOnly()))
        {
            return result.Value;
        }

        errors[field] = [result.Success ? CalendarBounds.Sentence : $"Give '{field}' as a date like 2026-03-02."];
        return null;
    }
}

/// <summary><c>?sessionType=discovery-call&amp;from=2026-03-02&amp;to=2026-03-08&amp;tz=Europe/London</c></summary>
public sealed record SlotsQuery(string? SessionType, string? From, string? To, string? Tz);

public sealed record SlotsResponse(string SessionType, string TimeZone, SlotDayResponse[] Days);

/// <summary>One local day and its free start times, ISO-8601 with the visitor's offset.</summary>
public sealed record SlotDayResponse(string Date, string[] Starts);
