using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Api.Identity;

/// <summary>The signed-in person's own sessions: where they are signed in, and ending one of them.</summary>
public static class MySessionsApi
{
    public static IEndpointRouteBuilder MapMySessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("api/auth/sessions").WithTags("Sign-in").RequireAuthorization();
        sessions.MapGet("/mine", MySessions).WithName("MySessions")
            .WithSummary("The caller's own open sessions, most recently used first; the one making this request is marked.");
        sessions.MapDelete("/mine/{id:guid}", EndMySession).WithName("EndMySession")
            .WithSummary("Ends one of the caller's own sessions (another device); 404 for any session that is not theirs.");
        return app;
    }

    public static async Task<Ok<MySessionResponse[]>> MySessions(ClaimsPrincipal user, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = user.SessionId();
        var sessions = await db.OpenSessionsOfAsync(user.UserId(), clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(sessions.Select(s => new MySessionResponse(s.Id, s.StartedAt, s.LastSeenAt, s.ExpiresAt, s.Id == current)).ToArray());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndMySession(
        Guid id, ClaimsPrincipal user, HttpContext http, PortalDb db, TimeProvider clock, CancellationToken cancellationToken) =>
        await db.EndOwnSessionAsync(user.UserId(), id, clock.GetUtcNow(), http.Connection.RemoteIpAddress?.ToString(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Session not found",
                detail: "There is no open session of yours with this id; it may have ended already.");
}

/// <param name="Current">The session this request came with.</param>
public sealed record MySessionResponse(Guid Id, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, bool Current);
