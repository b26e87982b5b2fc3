namespace Portal.Core.Content;

public sealed record ShareView(Guid ClientId, string ClientName, Guid? BookingId, DateTimeOffset? SessionStartsAt, string? Note, DateTimeOffset SharedAt, DateTimeOffset? SeenAt);

/// <summary>An item as she sees it in her library, with whom it is shared.</summary>
public sealed record LibraryItem(ContentItem Item, IReadOnlyList<ShareView> Shares);

/// <summary>An item in a client's own library: what it is, her note, the session it belongs to, and whether it is new to them.</summary>
public sealed record FeedItem(ContentItem Item, string? Note, Guid? BookingId, DateTimeOffset? SessionStartsAt, DateTimeOffset SharedAt, bool IsNew);

/// <summary>A stored file, opened for reading: its bytes come one chunk at a time.</summary>
public sealed record OpenedFile(ContentItem Item, Stream Bytes);

public enum ContentRefusalKind
{
    Invalid,
    NotFound,
    Conflict,
    TooLarge,
}

/// <summary>Why a change to the library was not made, in words she reads.</summary>
public sealed record ContentRefusal(ContentRefusalKind Kind, string Title, string Detail, string? Field = null)
{
    public static readonly ContentRefusal NoSuchItem = new(ContentRefusalKind.NotFound, "No such item", "There is no item with that id in the library.");

    public static readonly ContentRefusal NotAccepted = new(ContentRefusalKind.Invalid, "This file is not taken", FileSniffer.Accepted, "file");

    public static readonly ContentRefusal EmptyFile = new(ContentRefusalKind.Invalid, "The file is empty", "The file has no bytes in it: choose the file again.", "file");

    public static readonly ContentRefusal NoSuchClient = new(ContentRefusalKind.Invalid, "No such client", "There is no client with that id: choose one of your clients.", "clientId");

    public static readonly ContentRefusal NotTheirSession = new(ContentRefusalKind.Invalid, "Not this client's session",
        "The session named is not one of this client's. Choose one of theirs, or none.", "bookingId");

    public static readonly ContentRefusal Archived = new(ContentRefusalKind.Conflict, "The item is archived",
        "An archived item is not shared any more. Restore it first if you want to share it.");

    public static readonly ContentRefusal NotShared = new(ContentRefusalKind.NotFound, "Not shared with this client",
        "This item is not shared with that client.");

    public static ContentRefusal TooLarge(long max) => new(ContentRefusalKind.TooLarge, "The file is too large",
        $"Files up to {max / (1024 * 1024):N0} MB are taken. Make it smaller (a lower bit rate for a recording) and upload it again.", "file");
}
