using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Api.Outbox;

/// <summary>For the therapist: what failed to go out after every attempt, and a way to try again.</summary>
public static class OutboxApi
{
    public static IEndpointRouteBuilder MapOutboxApi(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("api/outbox").WithTags("Outbox").RequireAuthorization(Policies.Therapist);
        outbox.MapGet("/dead-letters", ListDeadLetters)
            .WithName("ListDeadLetters")
            .WithSummary("Side effects (emails, notifications…) that failed every attempt, newest first.");
        outbox.MapPost("/dead-letters/{id:guid}/retry", Retry)
            .WithName("RetryDeadLetter")
            .WithSummary("Gives a dead-lettered side effect a fresh round of attempts, starting now.");
        return app;
    }

    public static async Task<Ok<DeadLetterResponse[]>> ListDeadLetters(PortalDb db, CancellationToken cancellationToken)
    {
        var dead = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeadLetteredAt != null)
            .OrderByDescending(m => m.DeadLetteredAt)
            .Take(200)
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(dead.Select(m => new DeadLetterResponse(
            m.Id, m.Type, SideEffectDescription.Describe(m.Type, m.Payload), m.DeduplicationKey, m.CreatedAt, m.DeadLetteredAt!.Value,
            m.Attempts, m.LastError)).ToArray());
    }

    public static async Task<Results<NoContent, NotFound>> Retry(Guid id, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id && m.DeadLetteredAt != null, cancellationToken);
        if (message is null)
        {
            return TypedResults.NotFound();
        }

        message.Revive(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        // Wake the dispatchers now rather than at their next poll.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({OutboxMessage.WakeChannel}, '')", cancellationToken);
        return TypedResults.NoContent();
    }
}

public sealed record DeadLetterResponse(
    Guid Id, string Type, string Description, string Key, DateTimeOffset CreatedAt, DateTimeOffset DeadLetteredAt, int Attempts, string? LastError);
