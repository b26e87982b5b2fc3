namespace Portal.Web.Api;

/// <summary>A thread as the lists show it: who it is with, its subject, who wrote last and what waits unread.</summary>
public sealed record ThreadSummaryView(
    Guid Id, Guid ClientId, string ClientName, string Subject, bool IsWelcome, bool StartedByClient,
    DateTimeOffset LastMessageAt, bool LastFromTherapist, int MessageCount, int UnreadCount);

/// <summary>A page of the caller's threads, and whether they may start one (if not, <see cref="WhyNot"/> says why).</summary>
public sealed record ThreadPageView(ThreadSummaryView[] Threads, int Page, int PageSize, int Total, bool MayStart, string? WhyNot)
{
    public static readonly ThreadPageView None = new([], 1, 20, 0, false, null);

    public bool HasNext => Page * PageSize < Total;
}

public sealed record MessageView(Guid Id, Guid ThreadId, bool FromTherapist, string Body, DateTimeOffset SentAt, DateTimeOffset? ReadAt);

/// <summary>One thread with a page of its messages, oldest first; whether the caller may reply, and if not, why.</summary>
public sealed record ThreadView(
    Guid Id, Guid ClientId, string ClientName, string Subject, bool IsWelcome, bool StartedByClient,
    MessageView[] Messages, bool HasOlder, bool MayReply, string? WhyNot);

/// <summary>What someone writes: a new thread's subject (empty for a reply) and the words.</summary>
public sealed class MessageInput
{
    public string? Subject { get; set; }

    public string? Body { get; set; }
}
