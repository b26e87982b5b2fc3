using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Availability;
using Portal.Core.Data;

namespace Portal.Api.Availability;

/// <summary>The therapist's weekly hours and the dates that differ from them.</summary>
public static class AvailabilityApi
{
    public static IEndpointRouteBuilder MapAvailabilityApi(this IEndpointRouteBuilder app)
    {
        var availability = app.MapGroup("api/availability").WithTags("Availability").RequireAuthorization(Policies.Therapist);

        availability.MapGet("/working-hours", ListWorkingHours).WithName("ListWorkingHours")
            .WithSummary("The weekly working hours, practice-local time.");
        availability.MapPut("/working-hours", ReplaceWorkingHours).WithName("ReplaceWorkingHours")
            .WithSummary("Replaces the weekly working hours (several ranges per day allowed, none overlapping).");
        availability.MapPost("/working-hours/preview", PreviewWorkingHours).WithName("PreviewWorkingHours")
            .WithSummary("The upcoming sessions these weekly hours would leave outside her hours (they are kept); saves nothing.");
        availability.MapPost("/exceptions/preview", PreviewException).WithName("PreviewAvailabilityException")
            .WithSummary("The upcoming sessions this day off would leave outside her hours (they are kept); saves nothing.");
        availability.MapGet("/exceptions", ListExceptions).WithName("ListAvailabilityExceptions")
            .WithSummary("Days off and extra hours from today on.");
        availability.MapPost("/exceptions", AddException).WithName("AddAvailabilityException")
            .WithSummary("Adds a day off or extra hours on one date.");
        availability.MapDelete("/exceptions/{id:guid}", RemoveException).WithName("RemoveAvailabilityException")
            .WithSummary("Removes a day off or extra hours.");
        return app;
    }

    public static async Task<Ok<WorkingHoursDto[]>> ListWorkingHours(PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.WorkingHours.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.Start)
            .Select(h => new WorkingHoursDto(h.Day, h.Start, h.End)).ToArray());

    public static async Task<Results<Ok<WorkingHoursDto[]>, ValidationProblem>> ReplaceWorkingHours(
        WorkingHoursDto[] hours, PortalDb db, CancellationToken cancellationToken)
    {
        var weekly = WorkingHoursDto.ToHours(hours);
        if (WeeklyHoursRules.Validate(weekly) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await db.WorkingHours.ExecuteDeleteAsync(cancellationToken);
        db.WorkingHours.AddRange(weekly);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(hours);
    }

    public static async Task<Results<Ok<SessionOutsideHoursDto[]>, ValidationProblem>> PreviewWorkingHours(
        WorkingHoursDto[] hours, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var weekly = WorkingHoursDto.ToHours(hours);
        if (WeeklyHoursRules.Validate(weekly) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var current = await db.WorkingHours.AsNoTracking().ToListAsync(cancellationToken);
        var exceptions = await db.AvailabilityExceptions.AsNoTracking().ToListAsync(cancellationToken);
        var before = await HoursCoverage.OutsideAsync(db, current, exceptions, clock.GetUtcNow(), cancellationToken);
        var after = await HoursCoverage.OutsideAsync(db, weekly, exceptions, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(NewlyOutside(before, after));
    }

    public static async Task<Results<Ok<SessionOutsideHoursDto[]>, ValidationProblem>> PreviewException(
        AvailabilityExceptionDto request, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Refusal(request) is { } refusal)
        {
            return refusal;
        }

        var weekly = await db.WorkingHours.AsNoTracking().ToListAsync(cancellationToken);
        var exceptions = await db.AvailabilityExceptions.AsNoTracking().ToListAsync(cancellationToken);
        var before = await HoursCoverage.OutsideAsync(db, weekly, exceptions, clock.GetUtcNow(), cancellationToken);
        var after = await HoursCoverage.OutsideAsync(db, weekly, [.. exceptions, request.ToException()], clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(NewlyOutside(before, after));
    }

    // Only what the change newly leaves outside: a session already outside her hours (she placed it there) is no news.
    private static SessionOutsideHoursDto[] NewlyOutside(IReadOnlyList<Portal.Core.Bookings.Booking> before, IReadOnlyList<Portal.Core.Bookings.Booking> after) =>
        [.. after.Where(b => before.All(o => o.Id != b.Id)).Select(SessionOutsideHoursDto.From)];

    public static async Task<Ok<AvailabilityExceptionDto[]>> ListExceptions(PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-1));
        var exceptions = await db.AvailabilityExceptions.AsNoTracking().Where(e => e.Date >= today)
            .OrderBy(e => e.Date).ToListAsync(cancellationToken);
        return TypedResults.Ok(exceptions.Select(AvailabilityExceptionDto.From).ToArray());
    }

    public static async Task<Results<Created<AvailabilityExceptionDto>, ValidationProblem>> AddException(
        AvailabilityExceptionDto request, PortalDb db, CancellationToken cancellationToken)
    {
        if (Refusal(request) is { } refusal)
        {
            return refusal;
        }

        var exception = request.ToException();
        db.AvailabilityExceptions.Add(exception);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/availability/exceptions/{exception.Id}", AvailabilityExceptionDto.From(exception));
    }

    private static ValidationProblem? Refusal(AvailabilityExceptionDto request) =>
        AvailabilityExceptionRules.Validate(request.Date, request.Kind, request.Start, request.End, request.Note) is { Count: > 0 } errors
            ? TypedResults.ValidationProblem(errors)
            : null;

    public static async Task<Results<NoContent, NotFound>> RemoveException(Guid id, PortalDb db, CancellationToken cancellationToken) =>
        await db.AvailabilityExceptions.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
}

public sealed record WorkingHoursDto(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    public static List<WorkingHours> ToHours(IEnumerable<WorkingHoursDto> hours) =>
        [.. hours.Select(h => new WorkingHours { Day = h.Day, Start = h.Start, End = h.End })];
}

/// <summary>A booked session as she recognises it: when, with whom, what kind.</summary>
public sealed record SessionOutsideHoursDto(Guid BookingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string ClientName, string SessionType)
{
    public static SessionOutsideHoursDto From(Portal.Core.Bookings.Booking booking) =>
        new(booking.Id, booking.StartsAt, booking.EndsAt, booking.Client.Name, booking.SessionType.Name);
}

public sealed record AvailabilityExceptionDto(
    Guid? Id, DateOnly Date, AvailabilityExceptionKind Kind, TimeOnly? Start, TimeOnly? End, string? Note)
{
    public static AvailabilityExceptionDto From(AvailabilityException e) => new(e.Id, e.Date, e.Kind, e.Start, e.End, e.Note);

    public AvailabilityException ToException() => new() { Date = Date, Kind = Kind, Start = Start, End = End, Note = Note };
}
