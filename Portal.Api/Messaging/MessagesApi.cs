using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;

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

    public static async Task<Ok<UnreadMessages>> UnreadCount(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken)
    {
        var unread = db.Messages.Where(m => m.ReadAt == null);
        if (user.IsTherapist())
        {
            return TypedResults.Ok(new UnreadMessages(await unread.CountAsync(m => !m.FromTherapist, cancellationToken)));
        }

        var clientId = user.AsCaller().ClientId;
        var threads = db.MessageThreads.Where(t => clientId != null && t.ClientId == clientId).Select(t => t.Id);
        return TypedResults.Ok(new UnreadMessages(await unread.CountAsync(m => m.FromTherapist && threads.Contains(m.ThreadId), cancellationToken)));
    }
}

public sealed record UnreadMessages(int Count);
