using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Api.Clients;

public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("api/clients").WithTags("Clients").RequireAuthorization(Policies.Therapist);

        clients.MapGet("/", ListClients)
            .WithName("ListClients")
            .WithSummary("Every client with their stage, newest first.");
        clients.MapPost("/{id:guid}/discovery-completed", CompleteDiscovery)
            .WithName("CompleteDiscovery")
            .WithSummary("Marks the client's discovery call done: their paid session types unlock.");
        return app;
    }

    public static async Task<Ok<ClientResponse[]>> ListClients(PortalDb db, CancellationToken cancellationToken)
    {
        var clients = await db.Clients.AsNoTracking().OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(clients.Select(ClientResponse.From).ToArray());
    }

    public static async Task<Results<Ok<ClientResponse>, NotFound>> CompleteDiscovery(
        Guid id, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return TypedResults.NotFound();
        }

        client.CompleteDiscovery(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClientResponse.From(client));
    }
}

public sealed record ClientResponse(
    Guid Id, string Name, string Email, string Phone, string TimeZone, string Stage, DateTimeOffset? DiscoveryCompletedAt)
{
    public static ClientResponse From(Client client) => new(
        client.Id, client.Name, client.Email, client.Phone, client.TimeZone, client.Stage.ToString(), client.DiscoveryCompletedAt);
}
