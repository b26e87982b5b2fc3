using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Api.Bookings;

public static class SessionTypesApi
{
    public static IEndpointRouteBuilder MapSessionTypesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/session-types").WithTags("Session types");

        api.MapGet("/", ListActiveSessionTypes)
            .WithName("ListSessionTypes")
            .WithSummary("The session types a visitor can see on the booking page, in display order.");

        return app;
    }

    public static async Task<Ok<SessionTypeResponse[]>> ListActiveSessionTypes(PortalDb db, CancellationToken cancellationToken)
    {
        var types = await db.SessionTypes
            .AsNoTracking()
            .Where(t => t.IsActive)
            .OrderBy(t => t.DisplayOrder).ThenBy(t => t.Name)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(types.Select(SessionTypeResponse.From).ToArray());
    }
}

public sealed record SessionTypeResponse(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    string Mode,
    bool IsDiscoveryCall,
    bool RequiresCompletedDiscovery)
{
    public static SessionTypeResponse From(SessionType type) => new(
        type.Slug,
        type.Name,
        type.Description,
        (int)type.Duration.TotalMinutes,
        type.PriceMinorUnits,
        type.Currency,
        type.Mode.ToString(),
        type.IsDiscoveryCall,
        type.RequiresCompletedDiscovery);
}
