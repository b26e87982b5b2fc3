using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Audit;
using Portal.Api.Bookings;
using Portal.Api.Identity;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Crm;
using Portal.Core.Data;

namespace Portal.Api.Clients;

/// <summary>For the therapist: her clients, found and listed; one client's timeline; what she decides about them.</summary>
public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("api/clients").WithTags("Clients").RequireAuthorization(Policies.Therapist);

        clients.MapGet("/", ListClients)
            .WithName("ListClients")
            .WithSummary("Clients in name order, a page at a time; ?search= a name, email or phone; ?stage= one stage; ?order=newest for newest first.");
        clients.MapGet("/{id:guid}", GetClient)
            .WithName("GetClient")
            .WithSummary("One client: contact details and stage.");
        clients.MapGet("/{id:guid}/timeline", Timeline)
            .WithName("ClientTimeline")
            .WithSummary("The client's story, newest first: sessions, payments, messages, notes, stage changes, consents (audited).");
        clients.MapGet("/{id:guid}/sessions", Sessions)
            .WithName("ClientSessions")
            .WithSummary("The client's sessions, newest first (the latest 100; held and cancelled ones left out): times and types, no clinical detail.");
        clients.MapPost("/{id:guid}/discovery-completed", CompleteDiscovery)
            .WithName("CompleteDiscovery")
            .WithSummary("Marks the client's discovery call done: their paid session types unlock.");
        clients.MapPost("/{id:guid}/another-discovery-call", AllowAnotherDiscoveryCall)
            .WithName("AllowAnotherDiscoveryCall")
            .WithSummary("Lets the client book one more free discovery call.");
        clients.MapPost("/{id:guid}/inactive", MarkInactive)
            .WithName("MarkClientInactive")
            .WithSummary("The work has paused or ended: the client keeps reading what is theirs.");
        clients.MapPost("/{id:guid}/active", Reactivate)
            .WithName("ReactivateClient")
            .WithSummary("Brings an inactive client back to where their record says they stand.");
        return app;
    }

    public static async Task<Results<Ok<ClientPageResponse>, ValidationProblem>> ListClients(
        string? search, string? stage, string? order, int? page, int? pageSize, ClientDirectory directory, CancellationToken cancellationToken)
    {
        var query = new ClientSearch(search, null, page ?? 1, pageSize ?? ClientSearch.DefaultPageSize, NewestFirst: order == "newest");
        var problems = query.Problems();
        if (order is not (null or "" or "name" or "newest"))
        {
            problems["order"] = ["Order by name (the default) or newest."];
        }

        if (!string.IsNullOrEmpty(stage))
        {
            if (Enum.TryParse<ClientStage>(stage, ignoreCase: true, out var known) && Enum.IsDefined(known) && !int.TryParse(stage, out _))
            {
                query = query with { Stage = known };
            }
            else
            {
                problems["stage"] = [$"Choose a stage: {string.Join(", ", Enum.GetNames<ClientStage>())}."];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var found = await directory.FindAsync(query, cancellationToken);
        return TypedResults.Ok(new ClientPageResponse(
            found.Clients.Select(ClientListingResponse.From).ToArray(), found.Total, found.Page, found.PageSize));
    }

    public static async Task<Results<Ok<ClientResponse>, NotFound>> GetClient(Guid id, PortalDb db, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } client
            ? TypedResults.Ok(ClientResponse.From(client))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<TimelineResponse>, NotFound>> Timeline(
        Guid id, ClientTimeline timeline, HttpContext http, CancellationToken cancellationToken) =>
        await timeline.ReadAsync(id, http.AsReader(), cancellationToken) is { } story
            ? TypedResults.Ok(new TimelineResponse(ClientResponse.From(story.Client), story.Entries.Select(TimelineEntryResponse.From).ToArray()))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<BookingResponse[]>, NotFound>> Sessions(Guid id, PortalDb db, CancellationToken cancellationToken)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var sessions = await db.Bookings.AsNoTracking().Include(b => b.Client).Include(b => b.SessionType)
            .Where(b => b.ClientId == id && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Completed || b.Status == BookingStatus.NoShow))
            .OrderByDescending(b => b.StartsAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        // Times and types only: what the client wrote when booking is not needed to choose a session.
        return TypedResults.Ok(sessions.Select(b => BookingResponse.From(b) with { ClientNote = null }).ToArray());
    }

    public static Task<Results<Ok<ClientResponse>, NotFound>> CompleteDiscovery(
        Guid id, PortalDb db, CrmSync crm, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, client => { client.CompleteDiscovery(clock.GetUtcNow()); crm.ClientChanged(client.Id); }, cancellationToken);

    public static Task<Results<Ok<ClientResponse>, NotFound>> AllowAnotherDiscoveryCall(Guid id, PortalDb db, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, client => client.AllowAnotherDiscoveryCall(), cancellationToken);

    public static Task<Results<Ok<ClientResponse>, NotFound>> MarkInactive(
        Guid id, PortalDb db, CrmSync crm, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, client => { client.MarkInactive(clock.GetUtcNow()); crm.ClientChanged(client.Id); }, cancellationToken);

    public static Task<Results<Ok<ClientResponse>, NotFound>> Reactivate(
        Guid id, PortalDb db, CrmSync crm, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, client => { client.Reactivate(clock.GetUtcNow()); crm.ClientChanged(client.Id); }, cancellationToken);

    private static async Task<Results<Ok<ClientResponse>, NotFound>> ChangeAsync(
        Guid id, PortalDb db, Action<Client> change, CancellationToken cancellationToken)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return TypedResults.NotFound();
        }

        change(client);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClientResponse.From(client));
    }
}
