using System.Globalization;
using System.Xml.Linq;
using Portal.Web.Api;
using Portal.Web.Content;
using Portal.Web.Practice;

namespace Portal.Web.Cms;

/// <summary>
/// What crawlers and podcast apps read: <c>/robots.txt</c>, <c>/sitemap.xml</c>, <c>/podcasts/feed.xml</c> (RSS 2.0 with
/// the iTunes namespace) and <c>/articles/feed.xml</c>; and <c>/media/{id}</c>, the CMS's pictures and recordings through
/// the Api (Range passed on, so players seek).
/// </summary>
public static class CmsSite
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Kept out of search engines: people's own pages and the ways in.</summary>
    public static readonly string[] Private = ["/me", "/admin", "/signin", "/signout"];

    public static IEndpointRouteBuilder MapCmsSite(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", (HttpContext http, PublicAddress address) =>
            Results.Text(string.Join('\n', ["User-agent: *", .. Private.Select(p => $"Disallow: {p}"), "", $"Sitemap: {Absolute(http, address, "/sitemap.xml")}", ""]),
                "text/plain; charset=utf-8"));
        app.MapGet("/sitemap.xml", SitemapAsync);
        app.MapGet("/podcasts/feed.xml", PodcastFeedAsync);
        app.MapGet("/articles/feed.xml", ArticleFeedAsync);
        app.MapGet("/media/{id:guid}", MediaAsync);
        return app;
    }

    public static string Absolute(HttpContext http, PublicAddress address, string path) =>
        address.Of(path) ?? $"{http.Request.Scheme}://{http.Request.Host}{path}";

    private static async Task<IResult> SitemapAsync(HttpContext http, PublicAddress address, SiteContent api, CancellationToken cancellationToken)
    {
        var urls = new List<(string Path, DateTimeOffset? LastModified)> { ("/", null), ("/book", null), ("/articles", null), ("/podcasts", null), ("/about", null), ("/privacy", null) };
        try
        {
            var articles = await api.ArticlesAsync(1, 50, cancellationToken);
            urls.AddRange(articles.Items.Select(a => ($"/articles/{a.Slug}", (DateTimeOffset?)a.LastModified)));
            urls.AddRange((await api.EpisodesAsync(cancellationToken)).Select(e => ($"/podcasts/{e.Slug}", (DateTimeOffset?)e.LastModified)));
        }
        catch (CmsUnavailable)
        {
            // The site's own pages are still worth listing.
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Sitemap + "urlset",
            urls.Select(u => new XElement(Sitemap + "url",
                new XElement(Sitemap + "loc", Absolute(http, address, u.Path)),
                u.LastModified is { } at ? new XElement(Sitemap + "lastmod", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)) : null))));
        return Xml(document, "application/xml");
    }

    private static async Task<IResult> PodcastFeedAsync(HttpContext http, PublicAddress address, SiteContent api, PracticeProfiles practices, CancellationToken cancellationToken)
    {
        var practice = practices.Value;
        EpisodeView[] episodes;
        try
        {
            episodes = await api.EpisodesAsync(cancellationToken);
        }
        catch (CmsUnavailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var channel = new XElement("channel",
            new XElement("title", $"{practice.Name} podcast"),
            new XElement("link", Absolute(http, address, "/podcasts")),
            new XElement("description", Describe(practice, "Short episodes")),
            new XElement("language", "en-gb"),
            new XElement(Atom + "link", new XAttribute("href", Absolute(http, address, "/podcasts/feed.xml")), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
            new XElement(Itunes + "author", practice.TherapistName),
            new XElement(Itunes + "summary", Describe(practice, "Short episodes")),
            new XElement(Itunes + "explicit", "false"),
            new XElement(Itunes + "category", new XAttribute("text", "Health & Fitness"), new XElement(Itunes + "category", new XAttribute("text", "Mental Health"))),
            new XElement(Itunes + "owner", new XElement(Itunes + "name", practice.TherapistName), new XElement(Itunes + "email", practice.ContactEmail)),
            episodes.Where(e => e.Audio is not null).Select(e => new XElement("item",
                new XElement("title", e.Title),
                new XElement("link", Absolute(http, address, $"/podcasts/{e.Slug}")),
                new XElement("guid", new XAttribute("isPermaLink", "true"), Absolute(http, address, $"/podcasts/{e.Slug}")),
                new XElement("pubDate", e.PublishedAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)),
                new XElement("description", e.Summary),
                new XElement("enclosure", new XAttribute("url", Absolute(http, address, e.Audio!.Src)),
                    new XAttribute("length", e.Audio.Length ?? 0), new XAttribute("type", e.Audio.Type)),
                new XElement(Itunes + "duration", e.DurationSeconds ?? 0),
                e.EpisodeNumber is { } n ? new XElement(Itunes + "episode", n) : null,
                new XElement(Itunes + "explicit", "false"))));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("rss", new XAttribute("version", "2.0"),
            new XAttribute(XNamespace.Xmlns + "itunes", Itunes), new XAttribute(XNamespace.Xmlns + "atom", Atom), channel));
        return Xml(document, "application/rss+xml");
    }

    private static async Task<IResult> ArticleFeedAsync(HttpContext http, PublicAddress address, SiteContent api, PracticeProfiles practices, CancellationToken cancellationToken)
    {
        var practice = practices.Value;
        ArticlePageView page;
        try
        {
            page = await api.ArticlesAsync(1, 50, cancellationToken);
        }
        catch (CmsUnavailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var channel = new XElement("channel",
            new XElement("title", $"{practice.Name}: articles"),
            new XElement("link", Absolute(http, address, "/articles")),
            new XElement("description", Describe(practice, "Articles")),
            new XElement("language", "en-gb"),
            new XElement(Atom + "link", new XAttribute("href", Absolute(http, address, "/articles/feed.xml")), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
            page.Items.Select(a => new XElement("item",
                new XElement("title", a.Title),
                new XElement("link", Absolute(http, address, $"/articles/{a.Slug}")),
                new XElement("guid", new XAttribute("isPermaLink", "true"), Absolute(http, address, $"/articles/{a.Slug}")),
                new XElement("pubDate", a.PublishedAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)),
                new XElement("description", a.Summary))));
        return Xml(new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("rss", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "atom", Atom), channel)), "application/rss+xml");
    }

    // RSS requires a description; the practice's tagline when it has one.
    private static string Describe(PracticeProfile practice, string what) =>
        string.IsNullOrWhiteSpace(practice.Tagline) ? $"{what} from {practice.Name}" : practice.Tagline;

    private static IResult Xml(XDocument document, string type)
    {
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return Results.Text(writer.ToString(), $"{type}; charset=utf-8");
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }

    private static Task MediaAsync(Guid id, int? width, HttpContext browser, ContentFiles files) =>
        files.RelayAsync($"api/cms/assets/{id}{(width is null ? "" : $"?width={width}")}", browser);
}
