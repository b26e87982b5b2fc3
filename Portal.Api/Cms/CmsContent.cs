using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Core.Cms;

namespace Portal.Api.Cms;

/// <summary>
/// The practice's public content, read from Directus one collection at a time (a practice has dozens of articles, not
/// thousands: one cached answer per collection), rendered and sanitised once, and filtered on every request by
/// <see cref="CmsPublication.IsVisible"/> at the current time, so a future-dated item appears when its time comes.
/// </summary>
public sealed class CmsContent(DirectusItems directus, CmsCache cache, TimeProvider time)
{
    private const string AssetPath = "/api/cms/assets/";

    public async Task<ArticleResponse[]> ArticlesAsync(CancellationToken cancellationToken)
    {
        var all = await cache.GetAsync(CmsCollections.Articles, CmsCollections.Articles, async ct =>
            (await directus.ReadAsync(CmsCollections.Articles,
                "filter[status][_eq]=published&limit=-1&sort=-published_at&fields=status,slug,title,summary,body,author,published_at,date_updated,cover_alt,cover_image.id,cover_image.width,cover_image.height",
                ct)).Select(ReadArticle).OfType<PublishedArticle>().ToArray(), cancellationToken);
        var now = time.GetUtcNow();
        return [.. all.Where(a => CmsPublication.IsVisible(a.Status, a.Article.PublishedAt, now)).Select(a => a.Article).OrderByDescending(a => a.PublishedAt)];
    }

    public async Task<EpisodeResponse[]> EpisodesAsync(CancellationToken cancellationToken)
    {
        var all = await cache.GetAsync(CmsCollections.PodcastEpisodes, CmsCollections.PodcastEpisodes, async ct =>
            (await directus.ReadAsync(CmsCollections.PodcastEpisodes,
                "filter[status][_eq]=published&limit=-1&sort=-published_at&fields=status,slug,title,description,episode_number,duration_seconds,published_at,date_updated,audio.id,audio.type,audio.filesize",
                ct)).Select(ReadEpisode).OfType<PublishedEpisode>().ToArray(), cancellationToken);
        var now = time.GetUtcNow();
        return [.. all.Where(e => CmsPublication.IsVisible(e.Status, e.Episode.PublishedAt, now)).Select(e => e.Episode).OrderByDescending(e => e.PublishedAt)];
    }

    public async Task<SitePageResponse[]> PagesAsync(CancellationToken cancellationToken) =>
        await cache.GetAsync(CmsCollections.SitePages, CmsCollections.SitePages, async ct =>
            (await directus.ReadAsync(CmsCollections.SitePages,
                "limit=-1&fields=key,title,summary,body,date_updated,portrait_alt,portrait.id,portrait.width,portrait.height", ct))
            .Select(ReadPage).OfType<SitePageResponse>().ToArray(), cancellationToken);

    public async Task<FaqEntryResponse[]> FaqAsync(CancellationToken cancellationToken) =>
        await cache.GetAsync(CmsCollections.FaqEntries, CmsCollections.FaqEntries, async ct =>
            (await directus.ReadAsync(CmsCollections.FaqEntries, "filter[status][_eq]=published&limit=-1&sort=sort,id&fields=status,question,answer", ct))
            .Where(f => (string?)f?["status"] == CmsPublication.Published && !string.IsNullOrWhiteSpace((string?)f?["question"]))
            .Select(f => new FaqEntryResponse((string)f!["question"]!, RichText.ToSafeHtml((string?)f["answer"]), RichText.ToPlainText((string?)f["answer"])))
            .ToArray(), cancellationToken);

    /// <summary>Only files that published content shows are served: a draft's picture stays in Directus.</summary>
    public async Task<bool> IsPublicAssetAsync(Guid id, CancellationToken cancellationToken)
    {
        var url = $"{AssetPath}{id}";
        return (await ArticlesAsync(cancellationToken)).Any(a => a.Cover?.Url == url)
            || (await EpisodesAsync(cancellationToken)).Any(e => e.Audio?.Url == url)
            || (await PagesAsync(cancellationToken)).Any(p => p.Portrait?.Url == url);
    }

    private sealed record PublishedArticle(string? Status, ArticleResponse Article);

    private sealed record PublishedEpisode(string? Status, EpisodeResponse Episode);

    private static PublishedArticle? ReadArticle(JsonNode? item)
    {
        if (item is null || !CmsPublication.IsSlug((string?)item["slug"]) || Date(item["published_at"]) is not { } published)
        {
            return null;
        }

        return new((string?)item["status"], new ArticleResponse(
            (string)item["slug"]!, Text(item["title"]), Text(item["summary"]), (string?)item["author"], published,
            Date(item["date_updated"]) ?? published, Image(item["cover_image"], item["cover_alt"]), RichText.ToSafeHtml((string?)item["body"])));
    }

    private static PublishedEpisode? ReadEpisode(JsonNode? item)
    {
        if (item is null || !CmsPublication.IsSlug((string?)item["slug"]) || Date(item["published_at"]) is not { } published)
        {
            return null;
        }

        var description = (string?)item["description"];
        var audio = item["audio"] is JsonObject file && (string?)file["id"] is { } id
            ? new CmsAudio($"{AssetPath}{id}", (string?)file["type"] ?? "audio/mpeg", Number(file["filesize"]))
            : null;
        return new((string?)item["status"], new EpisodeResponse(
            (string)item["slug"]!, Text(item["title"]), Shorten(RichText.ToPlainText(description), 300), (int?)Number(item["episode_number"]),
            (int?)Number(item["duration_seconds"]), published, Date(item["date_updated"]) ?? published, audio, RichText.ToSafeHtml(description)));
    }

    private static SitePageResponse? ReadPage(JsonNode? item) =>
        item is null || !CmsPublication.IsSlug((string?)item["key"])
            ? null
            : new SitePageResponse((string)item["key"]!, Text(item["title"]), Text(item["summary"]), RichText.ToSafeHtml((string?)item["body"]),
                Image(item["portrait"], item["portrait_alt"]), Date(item["date_updated"]));

    private static CmsImage? Image(JsonNode? file, JsonNode? alt) =>
        file is JsonObject f && (string?)f["id"] is { } id
            ? new CmsImage($"{AssetPath}{id}", (string?)alt ?? "", (int?)Number(f["width"]), (int?)Number(f["height"]))
            : null;

    private static string Text(JsonNode? value) => ((string?)value ?? "").Trim();

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    private static DateTimeOffset? Date(JsonNode? value) =>
        DateTimeOffset.TryParse((string?)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static long? Number(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
