namespace Portal.Core.Content;

public enum ContentKind
{
    Audio,
    Worksheet,
    Meditation,
    Link,
}

/// <summary>
/// Something in the therapist's library: a recording, a worksheet, a guided meditation, or a link. A file's bytes are
/// kept sealed in <see cref="ContentChunk"/> rows; a client sees an item only once it is shared with them.
/// </summary>
public sealed class ContentItem
{
    private ContentItem()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public ContentKind Kind { get; private set; }

    /// <summary>The name the file had on her computer (shown and offered on download, never trusted for its type).</summary>
    public string? FileName { get; private set; }

    /// <summary>Decided from the file's own bytes (<see cref="FileSniffer"/>).</summary>
    public string? MediaType { get; private set; }

    public long? SizeBytes { get; private set; }

    public double? DurationSeconds { get; private set; }

    /// <summary>For a link: http or https only.</summary>
    public string? Url { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Archived: gone from her library list and from sharing; clients keep what was shared with them.</summary>
    public DateTimeOffset? ArchivedAt { get; private set; }

    public bool IsFile => Url is null;

    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxUrlLength = 2000;
    public const int MaxFileNameLength = 255;

    internal static ContentItem Link(ContentDetails details, Uri url, DateTimeOffset now) => new()
    {
        Title = details.Title, Description = details.Description, Kind = ContentKind.Link, Url = url.ToString(), CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>A file on its way in: its details and bytes are set as the upload is read.</summary>
    internal static ContentItem Receiving(DateTimeOffset now) => new() { Title = "", Kind = ContentKind.Worksheet, CreatedAt = now, UpdatedAt = now };

    internal void Received(ContentDetails details, string fileName, string mediaType, long size, double? duration)
    {
        Title = details.Title;
        Description = details.Description;
        Kind = details.Kind;
        FileName = fileName;
        MediaType = mediaType;
        SizeBytes = size;
        DurationSeconds = duration;
    }

    internal void Edit(ContentDetails details, DateTimeOffset now)
    {
        Title = details.Title;
        Description = details.Description;
        UpdatedAt = now;
    }

    internal void Archive(DateTimeOffset now) => ArchivedAt ??= now;

    internal void Restore() => ArchivedAt = null;
}

/// <summary>What she types about an item.</summary>
public sealed record ContentDetails(string Title, string Description, ContentKind Kind);

/// <summary>One piece of a file, sealed where it is (<see cref="SealingPlace"/>); a file is its chunks in order.</summary>
public sealed class ContentChunk
{
    private ContentChunk()
    {
    }

    public Guid ItemId { get; private set; }

    public int Index { get; private set; }

    public byte[] SealedBytes { get; private set; } = [];

    /// <summary>Chunks of 1 MiB: small enough to hold one at a time, large enough that a file is few rows.</summary>
    public const int Size = 1024 * 1024;

    public static string SealingPlace(Guid itemId, int index) => $"content-chunk:{itemId:N}:{index}";

    internal static ContentChunk Of(Guid itemId, int index, byte[] sealedBytes) => new() { ItemId = itemId, Index = index, SealedBytes = sealedBytes };
}

/// <summary>An item given to one client, optionally after one of their sessions, with a short personal note (sealed).</summary>
public sealed class ContentShare
{
    private ContentShare()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ItemId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid? BookingId { get; private set; }

    /// <summary>Her note to the client, sealed (<see cref="SealingPlace"/>); null when she wrote none.</summary>
    public byte[]? SealedNote { get; private set; }

    public DateTimeOffset SharedAt { get; private set; }

    public DateTimeOffset? SeenAt { get; private set; }

    public const int MaxNoteLength = 1000;

    public string SealingPlace => $"content-share:{Id:N}:note";

    internal static ContentShare Of(Guid itemId, Guid clientId, Guid? bookingId, DateTimeOffset now) =>
        new() { ItemId = itemId, ClientId = clientId, BookingId = bookingId, SharedAt = now };

    internal void Write(byte[]? sealedNote) => SealedNote = sealedNote;

    internal void Relink(Guid? bookingId) => BookingId = bookingId;

    internal void Seen(DateTimeOffset now) => SeenAt ??= now;
}
