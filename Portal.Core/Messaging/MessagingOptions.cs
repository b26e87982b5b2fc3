namespace Portal.Core.Messaging;

/// <summary>Section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>How long a message waits unread before its recipient gets one "You have a new message" email.</summary>
    public TimeSpan EmailAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Starts the Redis channel of the live notices (<see cref="MessageNotice.Channel"/>), so deployments sharing a Redis keep apart.</summary>
    public string LiveChannelPrefix { get; set; } = "portal";
}

/// <summary>Tells the live pages that a thread changed (through Redis in the Api).</summary>
public interface IMessageNotices
{
    Task TellAsync(MessageNotice notice);
}

/// <summary>The outbox payload, due when a message has waited <see cref="MessagingOptions.EmailAfter"/>: email its recipient if it is still unread.</summary>
public sealed record UnreadMessageCheck(Guid ClientId, Guid ThreadId, bool ToTherapist, DateTimeOffset SentAt);
