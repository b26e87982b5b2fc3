namespace Portal.Api.Cms;

/// <summary>A picture from the CMS, served through the Api (<c>url</c> takes <c>?width=</c>), with its size and alt text.</summary>
public sealed record CmsImage(string Url, string Alt, int? Width, int? Height);

/// <summary>A sound file from the CMS, served through the Api with Range support; <c>length</c> in bytes, for feeds.</summary>
public sealed record CmsAudio(string Url, string Type, long? Length);

public sealed record ArticleSummary(
    string Slug, string Title, string Summary, string? Author, DateTimeOffset PublishedAt, DateTimeOffset LastModified, CmsImage? Cover);

public sealed record ArticleResponse(
    string Slug, string Title, string Summary, string? Author, DateTimeOffset PublishedAt, DateTimeOffset LastModified, CmsImage? Cover,
    string BodyHtml);

public sealed record ArticlePage(ArticleSummary[] Items, int Page, int PageSize, int Total);

public sealed record EpisodeSummary(
    string Slug, string Title, string Summary, int? EpisodeNumber, int? DurationSeconds, DateTimeOffset PublishedAt,
    DateTimeOffset LastModified, CmsAudio? Audio);

public sealed record EpisodeResponse(
    string Slug, string Title, string Summary, int? EpisodeNumber, int? DurationSeconds, DateTimeOffset PublishedAt,
    DateTimeOffset LastModified, CmsAudio? Audio, string DescriptionHtml);

public sealed record SitePageResponse(string Key, string Title, string Summary, string BodyHtml, CmsImage? Portrait, DateTimeOffset? LastModified);

public sealed record FaqEntryResponse(string Question, string AnswerHtml, string AnswerText);

/// <summary>What the Directus Flow posts: which event, on which collection.</summary>
public sealed record DirectusChange(string? Event, string? Collection);
