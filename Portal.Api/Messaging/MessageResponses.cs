using Portal.Core.Messaging;

namespace Portal.Api.Messaging;

/// <summary>A thread as a list shows it: no words of its messages, only who wrote last and what waits unread.</summary>
public sealed record ThreadSummaryResponse(
    Guid Id, Guid ClientId, string ClientName, string Subject, bool IsWelcome, bool StartedByClient,
    DateTimeOffset LastMessageAt, bool LastFromTherapist, int MessageCount, int UnreadCount)
{
    public static ThreadSummaryResponse From(ThreadSummary t) =>
        new(t.Id, t.ClientId, t.ClientName, t.Subject, t.IsWelcome, t.StartedByClient, t.LastMessageAt, t.LastFromTherapist, t.MessageCount, t.UnreadCount);
}

/// <summary>
/// The caller's threads, unread first, then by last activity. <see cref="MayStart"/> says whether the caller may start
/// a thread now; when not, <see cref="WhyNot"/> is the sentence to show instead of the "New message" form.
/// </summary>
public sealed record ThreadPageResponse(ThreadSummaryResponse[] Threads, int Page, int PageSize, int Total, bool MayStart, string? WhyNot);

public sealed record MessageResponse(Guid Id, Guid ThreadId, bool FromTherapist, string Body, DateTimeOffset SentAt, DateTimeOffset? ReadAt)
{
    public static MessageResponse From(OpenedMessage m) => new(m.Id, m.ThreadId, m.FromTherapist, m.Body, m.SentAt, m.ReadAt);
}

/// <summary>
/// One thread with a page of its messages, oldest first within the page (the newest page unless <c>before</c> is given).
/// <see cref="MayReply"/>/<see cref="WhyNot"/> as for starting a thread.
/// </summary>
public sealed record ThreadResponse(
    Guid Id, Guid ClientId, string ClientName, string Subject, bool IsWelcome, bool StartedByClient,
    MessageResponse[] Messages, bool HasOlder, bool MayReply, string? WhyNot)
{
    public static ThreadResponse From(OpenedThread opened)
    {
        var t = opened.Thread;
        return new(t.Id, t.ClientId, t.ClientName, t.Subject, t.IsWelcome, t.StartedByClient,
            [.. opened.Messages.Select(MessageResponse.From)], opened.HasOlder, opened.Reply.Allowed, opened.Reply.WhyNot);
    }
}

/// <summary><c>ClientId</c> is for the therapist (whom she writes to); a client leaves it out.</summary>
public sealed record StartThreadRequest(Guid? ClientId, string? Subject, string? Body);

public sealed record NewMessageRequest(string? Body);

public sealed record UnreadMessages(int Count);
