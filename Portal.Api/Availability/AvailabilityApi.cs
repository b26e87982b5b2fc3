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
        var errors = new Dictionary<string, string[]>();
        if (hours.Any(h => h.Start >= h.End))
        {
            errors["hours"] = ["Each range must start before it ends (ranges cannot cross midnight)."];
        }
        else if (hours.GroupBy(h => h.Day).Any(day => day.OrderBy(h => h.Start).Zip(day.OrderBy(h => h.Start).Skip(1)).Any(p => p.First.End > p.Second.Start)))
        {
            errors["hours"] = ["Ranges on the same day must not overlap."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await db.WorkingHours.ExecuteDeleteAsync(cancellationToken);
        db.WorkingHours.AddRange(hours.Select(h => new WorkingHours { Day = h.Day, Start = h.Start, End = h.End }));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(hours);
    }

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
        // A missing date binds as 0001-01-01: refuse it rather than store a day off two thousand years ago.
        if (request.Date.Year is < 2000 or > 2100 || !Enum.IsDefined(request.Kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["Give the date (yyyy-mm-dd) and whether it is a day off or extra hours."] });
        }

        if (request.Note?.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["Keep the note under 200 characters."] });
        }

        var extra = request.Kind == AvailabilityExceptionKind.ExtraHours;
        if (extra ? request.Start is null || request.End is null || request.Start >= request.End : request.Start is not null || request.End is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["start"] = [extra ? "Extra hours need a start before their end." : "A day off has no start or end."],
            });
        }

        var exception = new AvailabilityException
        {
            Date = request.Date, Kind = request.Kind, Start = request.Start, End = request.End, Note = request.Note,
        };
        db.AvailabilityExceptions.Add(exception);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/availability/exceptions/{exception.Id}", AvailabilityExceptionDto.From(exception));
    }

    public static async Task<Results<NoContent, NotFound>> RemoveException(Guid id, PortalDb db, CancellationToken cancellationToken) =>
        await db.AvailabilityExceptions.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
}

public sealed record WorkingHoursDto(DayOfWeek Day, TimeOnly Start, TimeOnly End);

public sealed record AvailabilityExceptionDto(
    Guid? Id, DateOnly Date, AvailabilityExceptionKind Kind, TimeOnly? Start, TimeOnly? End, string? Note)
{
    public static AvailabilityExceptionDto From(AvailabilityException e) => new(e.Id, e.Date, e.Kind, e.Start, e.End, e.Note);
}
