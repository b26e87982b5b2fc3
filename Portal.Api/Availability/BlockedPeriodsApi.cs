using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Identity;
using Portal.Core.Availability;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Api.Availability;

/// <summary>Times the therapist keeps free of sessions; the slot search treats them as taken.</summary>
public static class BlockedPeriodsApi
{
    public static IEndpointRouteBuilder MapBlockedPeriodsApi(this IEndpointRouteBuilder app)
    {
        var blocked = app.MapGroup("api/availability/blocked-periods").WithTags("Availability").RequireAuthorization(Policies.Therapist);
        blocked.MapGet("/", ListBlockedPeriods).WithName("ListBlockedPeriods")
            .WithSummary("Blocked times (set by hand or synced from a calendar) overlapping [from, to).");
        blocked.MapPost("/", BlockPeriod).WithName("BlockPeriod")
            .WithSummary("Blocks [start, end) by hand: no session can be booked in it.");
        blocked.MapDelete("/{id:guid}", UnblockPeriod).WithName("UnblockPeriod")
            .WithSummary("Removes a block set by hand; one synced from a calendar is removed in that calendar.");
        return app;
    }

    public static async Task<Results<Ok<BlockedPeriodResponse[]>, ProblemHttpResult>> ListBlockedPeriods(
        DateTimeOffset from, DateTimeOffset to, PortalDb db, CancellationToken cancellationToken)
    {
        if (!CalendarBounds.Contains(from) || !CalendarBounds.Contains(to))
        {
            return BadRange(CalendarBounds.Sentence);
        }

        if (to <= from || to - from > TimeSpan.FromDays(93))
        {
            return BadRange("'to' must be after 'from', at most 93 days later.");
        }

        return TypedResults.Ok((await db.OverlappingAsync(from, to, cancellationToken)).Select(BlockedPeriodResponse.From).ToArray());
    }

    public static async Task<Results<Created<BlockedPeriodResponse>, ValidationProblem>> BlockPeriod(
        BlockRequest request, PortalDb db, CancellationToken cancellationToken)
    {
        if (BlockedTimes.Check(request.Start, request.End) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Check the times");
        }

        var block = await db.BlockAsync(request.Start!.Value, request.End!.Value, cancellationToken);
        return TypedResults.Created($"/api/availability/blocked-periods/{block.Id}", BlockedPeriodResponse.From(block));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnblockPeriod(Guid id, PortalDb db, CancellationToken cancellationToken) =>
        await db.UnblockAsync(id, cancellationToken) switch
        {
            Unblocking.Removed => TypedResults.NoContent(),
            Unblocking.FromCalendar => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "This block comes from your calendar",
                detail: "Remove the event in the calendar it was synced from; the next sync frees the time here."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "Block not found", detail: "There is no such blocked time; it may have been removed already."),
        };

    private static ProblemHttpResult BadRange(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Check the dates", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = "bad-range" });
}

/// <summary>Instants, with their offset (2026-03-03T12:00:00+00:00).</summary>
public sealed record BlockRequest(DateTimeOffset? Start, DateTimeOffset? End);

/// <param name="Source"><c>manual</c>, or the calendar it was synced from.</param>
/// <param name="Removable">Set by hand, so it can be removed here.</param>
public sealed record BlockedPeriodResponse(Guid Id, DateTimeOffset Start, DateTimeOffset End, string Source, bool Removable)
{
    public static BlockedPeriodResponse From(BlockedPeriod block) =>
        new(block.Id, block.Start, block.End, block.Source, block.Source == BlockedTimes.Manual);
}
