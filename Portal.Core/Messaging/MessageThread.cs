namespace Portal.Core.Messaging;

/// <summary>
/// A conversation between the therapist and one client. Its subject is sealed like the messages' words
/// (<see cref="Sealing.Sealer"/>): the row holds no plain text.
/// </summary>
public sealed class MessageThread
{
    private MessageThread()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    /// <summary>The subject, sealed where it is (<see cref="SealingPlace"/>).</summary>
    public byte[] SealedSubject { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When its newest message was sent: lists order by it.</summary>
    public DateTimeOffset LastMessageAt { get; private set; }

    /// <summary>The thread the practice opens for a first-time client; at most one per client.</summary>
    public bool IsWelcome { get; private set; }

    /// <summary>The client started it (rather than the therapist or the practice's welcome): see <see cref="MessagingPolicy"/>.</summary>
    public bool StartedByClient { get; private set; }

    public List<Message> Messages { get; private set; } = [];

    public string SealingPlace => $"message-thread:{Id:N}:subject";

    internal static MessageThread Start(Guid clientId, bool byClient, bool isWelcome, DateTimeOffset now) => new()
    {
        ClientId = clientId, StartedByClient = byClient, IsWelcome = isWelcome, CreatedAt = now, LastMessageAt = now,
    };

    /// <summary>The practice's welcome to a first-time client, in a thread of its own.</summary>
    public static MessageThread Welcome(Guid clientId, string subject, string body, Sealing.Sealer sealer, DateTimeOffset now)
    {
        var thread = Start(clientId, byClient: false, isWelcome: true, now);
        thread.Title(sealer.Seal(subject, thread.SealingPlace));
        var message = thread.Add(fromTherapist: true, now);
        message.Write(sealer.Seal(MessageRules.Trimmed(body), message.SealingPlace));
        return thread;
    }

    internal void Title(byte[] sealedSubject) => SealedSubject = sealedSubject;

    internal Message Add(bool fromTherapist, DateTimeOffset now)
    {
        var message = new Message(Id, fromTherapist, now);
        Messages.Add(message);
        LastMessageAt = now > LastMessageAt ? now : LastMessageAt;
        return message;
    }
}

/// <summary>One message in a thread. Its words are sealed (<see cref="SealingPlace"/>); the row holds no plain text.</summary>
public sealed class Message
{
    private Message()
    {
    }

    internal Message(Guid threadId, bool fromTherapist, DateTimeOffset now)
    {
        ThreadId = threadId;
        FromTherapist = fromTherapist;
        SentAt = now;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ThreadId { get; private set; }

    public bool FromTherapist { get; private set; }

    public byte[] SealedBody { get; private set; } = [];

    public DateTimeOffset SentAt { get; private set; }

    /// <summary>When its recipient (the client for the therapist's messages, the therapist for a client's) saw it.</summary>
    public DateTimeOffset? ReadAt { get; private set; }

    public const int MaxBodyLength = 10_000;

    public const int MaxSubjectLength = 200;

    public string SealingPlace => $"message:{Id:N}";

    internal void Write(byte[] sealedBody) => SealedBody = sealedBody;

    internal void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>The outbox payload that opens a client's welcome thread.</summary>
public sealed record WelcomeThreadRequest(Guid ClientId, string ClientName);
