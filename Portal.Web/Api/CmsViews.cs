namespace Portal.Web.Api;

/// <summary>A picture from the CMS as the browser reaches it: through the Web's <c>/media/{id}</c>.</summary>
public sealed record CmsImageView(string Url, string Alt, int? Width, int? Height)
{
    public string Src(int width) => $"{CmsMedia.Path(Url)}?width={width}";

    /// <summary>Sizes the Api offers, up to the picture's own width.</summary>
    public string SrcSet => string.Join(", ", new[] { 320, 640, 960, 1280 }.Where(w => Width is null || w <= Math.Max(Width.Value, 320)).Select(w => $"{Src(w)} {w}w"));
}

public sealed record CmsAudioView(string Url, string Type, long? Length)
{
    public string Src => CmsMedia.Path(Url);
}

public sealed record ArticleSummaryView(
    string Slug, string Title, string Summary, string? Author, DateTimeOffset PublishedAt, DateTimeOffset LastModified, CmsImageView? Cover);

public sealed record ArticleView(
    string Slug, string Title, string Summary, string? Author, DateTimeOffset PublishedAt, DateTimeOffset LastModified, CmsImageView? Cover, string BodyHtml);

public sealed record ArticlePageView(ArticleSummaryView[] Items, int Page, int PageSize, int Total);

public sealed record EpisodeView(
    string Slug, string Title, string Summary, int? EpisodeNumber, int? DurationSeconds, DateTimeOffset PublishedAt,
    DateTimeOffset LastModified, CmsAudioView? Audio, string? DescriptionHtml)
{
    public string Duration => DurationSeconds is { } s ? (s < 60 ? $"{s} seconds" : $"{(s + 30) / 60} min") : "";
}

public sealed record SitePageView(string Key, string Title, string Summary, string BodyHtml, CmsImageView? Portrait, DateTimeOffset? LastModified);

public sealed record FaqEntryView(string Question, string AnswerHtml, string AnswerText);

/// <summary>The CMS could not answer and the Api had no copy: the page says so kindly, or uses its own words.</summary>
public sealed class CmsUnavailable(string message, Exception? inner = null) : Exception(message, inner);

public static class CmsMedia
{
    private const string ApiPrefix = "/api/cms/assets/";

    /// <summary>The Web's address of a CMS file the Api names.</summary>
    public static string Path(string apiUrl) => apiUrl.StartsWith(ApiPrefix, StringComparison.Ordinal) ? "/media/" + apiUrl[ApiPrefix.Length..] : apiUrl;
}
