using System.Globalization;

namespace Portal.Web.Api;

/// <summary>Someone an item is shared with, as she sees it.</summary>
public sealed record ContentShareView(
    Guid ClientId, string ClientName, Guid? BookingId, DateTimeOffset? SessionStartsAt, string? Note, DateTimeOffset SharedAt, DateTimeOffset? SeenAt);

/// <summary>An item of her library (<c>GET /api/content</c>); <c>Kind</c> is Audio, Worksheet, Meditation or Link.</summary>
public sealed record ContentItemView(
    Guid Id, string Title, string Description, string Kind, string? FileName, string? MediaType, long? SizeBytes, double? DurationSeconds,
    string? Url, string? FileUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt, ContentShareView[] Shares)
{
    public bool IsFile => Url is null;

    public string? Size => ContentFacts.Size(SizeBytes);

    public string? Length => ContentFacts.Length(DurationSeconds);
}

/// <summary>An item in the signed-in client's own library (<c>GET /api/me/library</c>).</summary>
public sealed record LibraryEntryView(
    Guid Id, string Title, string Description, string Kind, string? FileName, string? MediaType, long? SizeBytes, double? DurationSeconds,
    string? Url, string? FileUrl, string? Note, Guid? BookingId, DateTimeOffset? SessionStartsAt, DateTimeOffset SharedAt, bool IsNew)
{
    /// <summary>Recordings and meditations play in the page.</summary>
    public bool Plays => Url is null && Kind is "Audio" or "Meditation";

    public string? Size => ContentFacts.Size(SizeBytes);

    public string? Length => ContentFacts.Length(DurationSeconds);
}

/// <summary>What she typed to add an item; the file travels beside it.</summary>
public sealed record ContentUploadForm(string Title, string Kind, string? Description, string? Url);

/// <summary>Sizes and lengths as she and her clients read them.</summary>
public static class ContentFacts
{
    public static readonly string[] Kinds = ["Audio", "Worksheet", "Meditation", "Link"];

    /// <summary>"Audio recording", "Worksheet", "Guided meditation", "Link".</summary>
    public static string KindName(string kind) => kind switch
    {
        "Audio" => "Audio recording",
        "Meditation" => "Guided meditation",
        _ => kind,
    };

    public static string? Size(long? bytes) => bytes switch
    {
        null => null,
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>"4:05", "1:02:03".</summary>
    public static string? Length(double? seconds) => seconds is { } s
        ? TimeSpan.FromSeconds(Math.Round(s)) is var t && t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture)
        : null;
}
