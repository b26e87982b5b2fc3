using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Messaging;

namespace Portal.Api.Messaging;

/// <summary>So far only what the home pages show: how many messages wait unread for the caller.</summary>
public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/messages/unread-count", UnreadCount).RequireAuthorization().WithTags("Messages")
            .WithName("UnreadMessageCount")
            .WithSummary("Messages waiting for the caller: from clients for the therapist, from the therapist for a client.");
        return app;
    }

    public static async Task<Ok<UnreadMessages>> UnreadCount(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadMessages(await db.UnreadForCaller(user.AsActor()).CountAsync(cancellationToken)));
}

