using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Cms;

/// <summary>schema.org data for the CMS's pages: Article, PodcastEpisode and PodcastSeries, FAQPage.</summary>
public static class CmsJsonLd
{
    public static IHtmlContent Article(ArticleView article, string? url, string? image, PracticeProfile practice) => Script(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "Article",
        ["headline"] = article.Title,
        ["description"] = article.Summary,
        ["url"] = url,
        ["mainEntityOfPage"] = url,
        ["image"] = image,
        ["datePublished"] = article.PublishedAt.ToString("O"),
        ["dateModified"] = article.LastModified.ToString("O"),
        ["author"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = article.Author ?? practice.TherapistName },
        ["publisher"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = practice.Name },
    });

    public static IHtmlContent Episode(EpisodeView episode, string? url, string? audio, string? seriesUrl, PracticeProfile practice) => Script(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "PodcastEpisode",
        ["name"] = episode.Title,
        ["description"] = episode.Summary,
        ["url"] = url,
        ["episodeNumber"] = episode.EpisodeNumber,
        ["datePublished"] = episode.PublishedAt.ToString("O"),
        ["timeRequired"] = episode.DurationSeconds is { } s ? $"PT{s}S" : null,
        ["associatedMedia"] = audio is null ? null : new Dictionary<string, object?>
        {
            ["@type"] = "MediaObject", ["contentUrl"] = audio, ["encodingFormat"] = episode.Audio?.Type,
        },
        ["partOfSeries"] = new Dictionary<string, object?> { ["@type"] = "PodcastSeries", ["name"] = $"{practice.Name} podcast", ["url"] = seriesUrl },
    });

    public static IHtmlContent Series(string? url, string? feed, PracticeProfile practice) => Script(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "PodcastSeries",
        ["name"] = $"{practice.Name} podcast",
        ["description"] = practice.Tagline,
        ["url"] = url,
        ["webFeed"] = feed,
        ["author"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = practice.TherapistName },
    });

    public static IHtmlContent FaqPage(IEnumerable<FaqEntryView> entries) => Script(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "FAQPage",
        ["mainEntity"] = entries.Select(e => new Dictionary<string, object?>
        {
            ["@type"] = "Question",
            ["name"] = e.Question,
            ["acceptedAnswer"] = new Dictionary<string, object?> { ["@type"] = "Answer", ["text"] = e.AnswerText },
        }).ToArray(),
    });

    // The default encoder escapes '<' and '>', so nothing inside can close the script element.
    private static HtmlString Script(Dictionary<string, object?> data) =>
        new($"<script type=\"application/ld+json\">{JsonSerializer.Serialize(data.Where(p => p.Value is not null).ToDictionary())}</script>");
}
