using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Notifications;

namespace Portal.Api.Notifications;

/// <summary>The signed-in person's own notifications: the therapist sees the practice's, a client only theirs.</summary>
public static class NotificationsApi
{
    public const int PageSize = 50;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("api/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("/", ListNotifications)
            .WithName("ListNotifications")
            .WithSummary($"The newest {PageSize} notifications and how many are unread.");
        notifications.MapPost("/{id:guid}/read", MarkRead)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one notification read.");
        notifications.MapPost("/read-all", MarkAllRead)
            .WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every notification read.");
        return app;
    }

    public static async Task<Ok<NotificationList>> ListNotifications(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken)
    {
        var mine = Mine(db, user);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var items = await mine.OrderByDescending(n => n.CreatedAt).Take(PageSize)
            .Select(n => new NotificationResponse(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(new NotificationList(unread, items));
    }

    public static async Task<Results<NoContent, NotFound>> MarkRead(
        Guid id, ClaimsPrincipal user, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var notification = await Mine(db, user).AsTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkAllRead(ClaimsPrincipal user, PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await Mine(db, user).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }

    private static IQueryable<Notification> Mine(PortalDb db, ClaimsPrincipal user) => db.Notifications.AsNoTracking().ForCaller(user.AsActor());
}

public sealed record NotificationList(int UnreadCount, NotificationResponse[] Items);

public sealed record NotificationResponse(Guid Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
