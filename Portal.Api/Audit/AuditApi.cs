using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Identity;
using Portal.Core.Audit;

namespace Portal.Api.Audit;

/// <summary>For the therapist: who signed in, and each showing of a client's notes, messages or intake answers.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/audit", List).RequireAuthorization(Policies.Therapist).WithTags("Audit")
            .WithName("AuditTrail")
            .WithSummary("Sign-ins and clinical reads, newest first; ?clientId= one client; ?from=&to= the practice's days (yyyy-mm-dd, inclusive).");
        return app;
    }

    public static async Task<Results<Ok<AuditEntry[]>, ValidationProblem>> List(
        Guid? clientId, DateOnly? from, DateOnly? to, AuditTrail trail, CancellationToken cancellationToken)
    {
        var query = new AuditQuery(clientId, from, to);
        return query.Problems() is { Count: > 0 } problems
            ? TypedResults.ValidationProblem(problems)
            : TypedResults.Ok((await trail.ReadAsync(query, cancellationToken)).ToArray());
    }
}
