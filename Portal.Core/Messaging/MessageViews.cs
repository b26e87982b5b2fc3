namespace Portal.Core.Messaging;

public sealed record OpenedMessage(Guid Id, Guid ThreadId, bool FromTherapist, string Body, DateTimeOffset SentAt, DateTimeOffset? ReadAt);

/// <summary>A thread as a list shows it: its subject, not its messages' words.</summary>
public sealed record ThreadSummary(
    Guid Id, Guid ClientId, string ClientName, string Subject, bool IsWelcome, bool StartedByClient,
    DateTimeOffset LastMessageAt, bool LastFromTherapist, int MessageCount, int UnreadCount);

/// <param name="Start">Whether the caller may start a thread now, and if not why.</param>
public sealed record ThreadPage(IReadOnlyList<ThreadSummary> Threads, int Page, int PageSize, int Total, MessagingRight Start);

/// <param name="Messages">A page of them, oldest first.</param>
/// <param name="Reply">Whether the caller may reply, and if not why.</param>
public sealed record OpenedThread(
    ThreadSummary Thread, IReadOnlyList<OpenedMessage> Messages, bool HasOlder, MessagingRight Reply);

/// <summary>Which threads to list: <see cref="ClientId"/> narrows the therapist's inbox to one client.</summary>
public sealed record ThreadQuery(Guid? ClientId = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public const int MaxPage = 10_000;
}

/// <summary>Why a message was not taken, in words the writer reads.</summary>
public sealed record MessageRefusal(MessageRefusalKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static readonly MessageRefusal NoSuchThread = new(MessageRefusalKind.NotFound, "No such conversation",
        "There is no conversation with that id among yours.");

    public static readonly MessageRefusal NoSuchClient = new(MessageRefusalKind.Invalid, "No such client",
        "There is no client with that id. Choose one of your clients.",
        new Dictionary<string, string[]> { ["clientId"] = ["There is no client with that id."] });

    public static MessageRefusal Forbidden(string whyNot) => new(MessageRefusalKind.Forbidden, "Not open to you yet", whyNot);

    public static MessageRefusal Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(MessageRefusalKind.Invalid, "The message needs a change", string.Join(" ", errors.Values.SelectMany(e => e)), errors);
}

public enum MessageRefusalKind
{
    Invalid,
    Forbidden,
    NotFound,
}
