using Portal.Core.Bookings;

namespace Portal.Core.Notifications;

public static class NotificationQueries
{
    /// <summary>The caller's own: the practice's for the therapist, a client's own for a client, none for anyone else.</summary>
    public static IQueryable<Notification> ForCaller(this IQueryable<Notification> notifications, Actor caller) =>
        caller.IsTherapist
            ? notifications.Where(n => n.Audience == Audience.Therapist)
            : notifications.Where(n => n.Audience == Audience.Client && caller.ClientId != null && n.ClientId == caller.ClientId);
}
