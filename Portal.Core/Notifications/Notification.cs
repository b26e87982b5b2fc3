namespace Portal.Core.Notifications;

public enum Audience
{
    Therapist,
    Client,
}

/// <summary>A line in someone's notification list in the portal, read or not.</summary>
public sealed class Notification
{
    private Notification()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Audience Audience { get; private set; }

    /// <summary>The client it is for; null when it is for the therapist.</summary>
    public Guid? ClientId { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>A path in the portal to go to, e.g. <c>/me/sessions</c>.</summary>
    public string? Link { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>The outbox message that made it: unique, so a replayed message cannot make a second one.</summary>
    public string SourceKey { get; private set; } = "";

    public static Notification From(NotificationRequest request, string sourceKey, DateTimeOffset now) => new()
    {
        Audience = request.Audience,
        ClientId = request.Audience == Audience.Client ? request.ClientId : null,
        Title = request.Title,
        Body = request.Body,
        Link = request.Link,
        CreatedAt = now,
        SourceKey = sourceKey,
    };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>The outbox payload that becomes a <see cref="Notification"/>.</summary>
public sealed record NotificationRequest(Audience Audience, Guid? ClientId, string Title, string Body, string? Link);
