using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Audit;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Portal.Core.Data;
using Portal.Core.Messaging;

namespace Portal.Api.Messaging;

/// <summary>
/// Messages between the therapist and her clients, scoped to the caller in Core (<see cref="MessageDesk"/>): a client
/// reaches only their own threads, and what they may write follows <see cref="MessagingPolicy"/>.
/// </summary>
public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("api/messages").WithTags("Messages").RequireAuthorization();
        messages.MapGet("unread-count", UnreadCount).WithName("UnreadMessageCount")
            .WithSummary("Messages waiting for the caller: from clients for the therapist, from the therapist for a client.");
        messages.MapGet("threads", ListThreads).WithName("ListMessageThreads")
            .WithSummary("The caller's conversations (the therapist's: every client's, ?clientId= narrows), unread first, then by last activity; a page at a time.");
        messages.MapGet("threads/{id:guid}", ReadThread).WithName("ReadMessageThread")
            .WithSummary("One conversation with a page of its messages, oldest first (the newest page, or those ?before= a message id).");
        messages.MapPost("threads", StartThread).WithName("StartMessageThread")
            .WithSummary("Starts a conversation: { subject, body } for a client; { clientId, subject, body } for the therapist.")
            .RequireRateLimit(rules => rules.MessagesPerClient, "messages-client", applies: http => !http.User.IsTherapist());
        messages.MapPost("threads/{id:guid}/messages", Reply).WithName("ReplyInMessageThread")
            .WithSummary("Adds a message ({ body }, plain text) to a conversation.")
            .RequireRateLimit(rules => rules.MessagesPerClient, "messages-client", applies: http => !http.User.IsTherapist());
        messages.MapPost("threads/{id:guid}/read", MarkRead).WithName("MarkMessageThreadRead")
            .WithSummary("Marks what waited for the caller in the conversation as read; answers the caller's unread count.");
        return app;
    }

    public static async Task<Ok<UnreadMessages>> UnreadCount(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadMessages(await db.UnreadForCaller(user.AsActor()).CountAsync(cancellationToken)));

    public static async Task<Results<Ok<ThreadPageResponse>, ValidationProblem>> ListThreads(
        Guid? clientId, int? page, int? pageSize, MessageDesk desk, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > ThreadQuery.MaxPage)
        {
            errors["page"] = [$"Pages count from 1 to {ThreadQuery.MaxPage:N0}."];
        }

        if (pageSize is < 1 or > ThreadQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {ThreadQuery.MaxPageSize} conversations."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The list cannot be shown that way");
        }

        var list = await desk.ListAsync(http.User.AsActor(), new ThreadQuery(clientId, page ?? 1, pageSize ?? 20), http.AsReader(), cancellationToken);
        return TypedResults.Ok(new ThreadPageResponse(
            [.. list.Threads.Select(ThreadSummaryResponse.From)], list.Page, list.PageSize, list.Total, list.Start.Allowed, list.Start.WhyNot));
    }

    public static async Task<Results<Ok<ThreadResponse>, ProblemHttpResult, ValidationProblem>> ReadThread(
        Guid id, Guid? before, int? take, MessageDesk desk, HttpContext http, CancellationToken cancellationToken)
    {
        if (take is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["take"] = ["Take 1 to 200 messages at a time."] });
        }

        return await desk.ReadAsync(http.User.AsActor(), id, before, take ?? 50, http.AsReader(), cancellationToken) is { } thread
            ? TypedResults.Ok(ThreadResponse.From(thread))
            : NotFound(MessageRefusal.NoSuchThread);
    }

    public static async Task<Results<Created<ThreadResponse>, ValidationProblem, ProblemHttpResult>> StartThread(
        StartThreadRequest request, MessageDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (thread, refusal) = await desk.StartAsync(
            user.AsActor(), request.ClientId, request.Subject, request.Body, cancellationToken);
        return thread is null ? Refused<ThreadResponse>(refusal!) : TypedResults.Created($"/api/messages/threads/{thread.Thread.Id}", ThreadResponse.From(thread));
    }

    public static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> Reply(
        Guid id, NewMessageRequest request, MessageDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (message, refusal) = await desk.ReplyAsync(user.AsActor(), id, request.Body, cancellationToken);
        return message is null ? Refused<MessageResponse>(refusal!) : TypedResults.Created($"/api/messages/threads/{id}", MessageResponse.From(message));
    }

    public static async Task<Results<Ok<UnreadMessages>, ProblemHttpResult>> MarkRead(
        Guid id, MessageDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await desk.MarkReadAsync(user.AsActor(), id, cancellationToken) is { } unread
            ? TypedResults.Ok(new UnreadMessages(unread))
            : NotFound(MessageRefusal.NoSuchThread);

    private static Results<Created<T>, ValidationProblem, ProblemHttpResult> Refused<T>(MessageRefusal refusal)
    {
        if (refusal.Kind == MessageRefusalKind.Invalid)
        {
            return TypedResults.ValidationProblem(refusal.Errors!, title: refusal.Title, detail: refusal.Detail);
        }

        var status = refusal.Kind == MessageRefusalKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        return TypedResults.Problem(statusCode: status, title: refusal.Title, detail: refusal.Detail);
    }

    private static ProblemHttpResult NotFound(MessageRefusal refusal) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: refusal.Title, detail: refusal.Detail);
}
