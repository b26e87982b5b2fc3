using Portal.Core.Content;

namespace Portal.Api.Content;

public sealed record ContentShareResponse(
    Guid ClientId, string ClientName, Guid? BookingId, DateTimeOffset? SessionStartsAt, string? Note, DateTimeOffset SharedAt, DateTimeOffset? SeenAt)
{
    public static ContentShareResponse From(ShareView s) => new(s.ClientId, s.ClientName, s.BookingId, s.SessionStartsAt, s.Note, s.SharedAt, s.SeenAt);
}

/// <summary>An item of her library. <c>FileUrl</c> is the Api path of its bytes (null for a link).</summary>
public sealed record ContentItemResponse(
    Guid Id, string Title, string Description, ContentKind Kind, string? FileName, string? MediaType, long? SizeBytes, double? DurationSeconds,
    string? Url, string? FileUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt, ContentShareResponse[] Shares)
{
    public static ContentItemResponse From(ContentItem i, IEnumerable<ShareView> shares) => new(
        i.Id, i.Title, i.Description, i.Kind, i.FileName, i.MediaType, i.SizeBytes, i.DurationSeconds, i.Url,
        i.IsFile ? $"/api/content/{i.Id}/file" : null, i.CreatedAt, i.UpdatedAt, i.ArchivedAt, [.. shares.Select(ContentShareResponse.From)]);
}

/// <summary>An item in a client's own library.</summary>
public sealed record LibraryEntryResponse(
    Guid Id, string Title, string Description, ContentKind Kind, string? FileName, string? MediaType, long? SizeBytes, double? DurationSeconds,
    string? Url, string? FileUrl, string? Note, Guid? BookingId, DateTimeOffset? SessionStartsAt, DateTimeOffset SharedAt, bool IsNew)
{
    public static LibraryEntryResponse From(FeedItem f) => new(
        f.Item.Id, f.Item.Title, f.Item.Description, f.Item.Kind, f.Item.FileName, f.Item.MediaType, f.Item.SizeBytes, f.Item.DurationSeconds,
        f.Item.Url, f.Item.IsFile ? $"/api/content/{f.Item.Id}/file" : null, f.Note, f.BookingId, f.SessionStartsAt, f.SharedAt, f.IsNew);
}

/// <param name="Archived">true archives the item, false restores it, null leaves it as it is.</param>
public sealed record EditContentRequest(string? Title, string? Description, bool? Archived);

public sealed record ShareContentRequest(Guid? ClientId, Guid? BookingId, string? Note);
