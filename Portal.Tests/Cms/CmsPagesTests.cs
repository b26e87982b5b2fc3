using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Cms;

/// <summary>
/// The Web's CMS pages over a stand-in Api: SEO metadata and JSON-LD, the feeds and the sitemap read element by element,
/// robots.txt, and the privacy notice in the practice's own words when the CMS cannot answer.
/// </summary>
public sealed partial class CmsPagesTests : IAsyncDisposable
{
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly CmsStandInApi api = new();
    private readonly WebFactory web;

    public CmsPagesTests() => web = new WebFactory(
        settings: new Dictionary<string, string>
        {
            ["Api:BaseAddress"] = CmsStandInApi.BaseAddress,
            ["Portal:PublicUrl"] = "https://portal.example/",
        },
        services: services => services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => api)));

    private HttpClient Client() => web.CreateClient(WebFactory.NoCookies);

    [Fact]
    public async Task An_article_page_has_its_title_description_canonical_open_graph_and_Article_json_ld()
    {
        var html = await Client().GetStringAsync("/articles/first-steps", ct);

        Assert.Contains("<title>First steps ", html);
        Assert.Contains("<meta name=\"description\" content=\"Summary of First steps\" />", html);
        Assert.Contains("<link rel=\"canonical\" href=\"https://portal.example/articles/first-steps\" />", html);
        Assert.Contains("<meta property=\"og:type\" content=\"article\" />", html);
        Assert.Contains($"<meta property=\"og:image\" content=\"https://portal.example/media/{CmsStandInApi.Cover}?width=1280\" />", html);
        Assert.Contains("alt=\"A calm lake\" width=\"1200\" height=\"800\"", html);
        var article = JsonLd(html).Single(d => d.GetProperty("@type").GetString() == "Article");
        Assert.Equal("First steps", article.GetProperty("headline").GetString());
        Assert.Equal("https://portal.example/articles/first-steps", article.GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/articles/not-there", ct)).StatusCode);
    }

    [Fact]
    public async Task The_home_page_shows_the_introduction_latest_articles_episodes_and_the_faq_with_FAQPage_json_ld()
    {
        var html = await Client().GetStringAsync("/", ct);

        Assert.Contains("A calm place to start", html);
        Assert.Contains("href=\"/articles/first-steps\"", html);
        Assert.Contains("href=\"/podcasts/breathing-space\"", html);
        var faq = JsonLd(html).Single(d => d.GetProperty("@type").GetString() == "FAQPage");
        Assert.Equal("Are sessions online?", faq.GetProperty("mainEntity")[0].GetProperty("name").GetString());
        Assert.Equal("Yes.", faq.GetProperty("mainEntity")[0].GetProperty("acceptedAnswer").GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_episode_page_has_a_labelled_player_and_PodcastEpisode_json_ld()
    {
        var html = await Client().GetStringAsync("/podcasts/breathing-space", ct);

        Assert.Contains($"<source src=\"/media/{CmsStandInApi.Audio}\" type=\"audio/mpeg\" />", html);
        Assert.Contains("aria-labelledby=\"player-label\"", html);
        var episode = JsonLd(html).Single(d => d.GetProperty("@type").GetString() == "PodcastEpisode");
        Assert.Equal("PodcastSeries", episode.GetProperty("partOfSeries").GetProperty("@type").GetString());
        Assert.Equal("PT125S", episode.GetProperty("timeRequired").GetString());
        Assert.Contains(JsonLd(await Client().GetStringAsync("/podcasts", ct)), d => d.GetProperty("@type").GetString() == "PodcastSeries");
    }

    [Fact]
    public async Task The_podcast_feed_is_RSS_2_with_the_itunes_namespace_and_enclosures_with_length_and_type()
    {
        using var response = await Client().GetAsync("/podcasts/feed.xml", ct);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(ct));

        var rss = feed.Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", rss.Attribute("version")!.Value);
        Assert.Equal(Itunes.NamespaceName, rss.GetNamespaceOfPrefix("itunes")!.NamespaceName);
        var channel = rss.Element("channel")!;
        foreach (var required in new[] { "title", "link", "description", "language" })
        {
            Assert.False(string.IsNullOrWhiteSpace(channel.Element(required)?.Value), $"channel/{required} is missing");
        }

        Assert.Equal("https://portal.example/podcasts", channel.Element("link")!.Value);
        Assert.NotNull(channel.Element(Itunes + "author"));
        Assert.Equal("false", channel.Element(Itunes + "explicit")!.Value);
        Assert.NotNull(channel.Element(Itunes + "category")!.Attribute("text"));
        var item = Assert.Single(channel.Elements("item"));
        Assert.Equal("Breathing space", item.Element("title")!.Value);
        Assert.Equal("https://portal.example/podcasts/breathing-space", item.Element("link")!.Value);
        Assert.Equal("https://portal.example/podcasts/breathing-space", item.Element("guid")!.Value);
        Assert.Equal(CmsStandInApi.Published, DateTimeOffset.Parse(item.Element("pubDate")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        var enclosure = item.Element("enclosure")!;
        Assert.Equal($"https://portal.example/media/{CmsStandInApi.Audio}", enclosure.Attribute("url")!.Value);
        Assert.Equal("123456", enclosure.Attribute("length")!.Value);
        Assert.Equal("audio/mpeg", enclosure.Attribute("type")!.Value);
        Assert.Equal("125", item.Element(Itunes + "duration")!.Value);
        Assert.Equal("1", item.Element(Itunes + "episode")!.Value);
    }

    [Fact]
    public async Task The_article_feed_is_RSS_2_with_one_item_per_article()
    {
        var feed = XDocument.Parse(await Client().GetStringAsync("/articles/feed.xml", ct));

        var channel = feed.Root!.Element("channel")!;
        Assert.Equal("2.0", feed.Root.Attribute("version")!.Value);
        Assert.Equal(["First steps", "Sleep & rest"], channel.Elements("item").Select(i => i.Element("title")!.Value));
        Assert.All(channel.Elements("item"), item =>
        {
            Assert.StartsWith("https://portal.example/articles/", item.Element("link")!.Value);
            Assert.NotNull(item.Element("guid"));
            Assert.NotNull(item.Element("pubDate"));
            Assert.NotNull(item.Element("description"));
        });
    }

    [Fact]
    public async Task The_sitemap_has_the_required_elements_and_robots_points_to_it_and_keeps_private_pages_out()
    {
        var sitemap = XDocument.Parse(await Client().GetStringAsync("/sitemap.xml", ct));

        Assert.Equal(Sitemap + "urlset", sitemap.Root!.Name);
        var urls = sitemap.Root.Elements().ToList();
        Assert.All(urls, url =>
        {
            Assert.Equal(Sitemap + "url", url.Name);
            var loc = url.Element(Sitemap + "loc")!.Value;
            Assert.True(Uri.TryCreate(loc, UriKind.Absolute, out var absolute) && absolute.Scheme == "https", loc);
            Assert.True(loc.Length < 2048);
            Assert.All(url.Elements(), e => Assert.Contains(e.Name.LocalName, new[] { "loc", "lastmod", "changefreq", "priority" }));
        });
        var locations = urls.Select(u => u.Element(Sitemap + "loc")!.Value).ToList();
        foreach (var path in new[] { "/", "/articles", "/podcasts", "/about", "/privacy", "/articles/first-steps", "/podcasts/breathing-space" })
        {
            Assert.Contains("https://portal.example" + path, locations);
        }

        var article = urls.Single(u => u.Element(Sitemap + "loc")!.Value.EndsWith("/articles/first-steps", StringComparison.Ordinal));
        Assert.Equal("2026-11-21T09:00:00Z", article.Element(Sitemap + "lastmod")!.Value);
        Assert.DoesNotContain(locations, l => l.Contains("/me") || l.Contains("/admin") || l.Contains("/signin"));

        var robots = await Client().GetStringAsync("/robots.txt", ct);
        Assert.Contains("Sitemap: https://portal.example/sitemap.xml", robots);
        foreach (var path in new[] { "/me", "/admin", "/signin" })
        {
            Assert.Contains($"Disallow: {path}\n", robots);
        }
    }

    [Fact]
    public async Task The_privacy_notice_comes_from_the_CMS_and_in_the_practices_own_words_when_the_CMS_cannot_answer()
    {
        Assert.Contains("From the CMS: we keep little.", await Client().GetStringAsync("/privacy", ct));

        api.Down = true;
        var askedBefore = api.Asked.Count(p => p == "/api/cms/pages/privacy");
        using var response = await Client().GetAsync("/privacy", ct);
        var page = await response.Content.ReadAsStringAsync(ct);
        // Asked once: a 503 is not retried while the visitor waits.
        Assert.Equal(askedBefore + 1, api.Asked.Count(p => p == "/api/cms/pages/privacy"));
        using var home = await Client().GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Privacy notice", page);
        Assert.Contains("Your rights", page);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_recording_comes_through_the_Webs_media_address_with_Range()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/media/{CmsStandInApi.Audio}");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, 19);

        using var response = await Client().SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(CmsStandInApi.AudioBytes[10..20], await response.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal($"bytes 10-19/{CmsStandInApi.AudioBytes.Length}", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/media/{Guid.NewGuid()}", ct)).StatusCode);
    }

    private static List<JsonElement> JsonLd(string html) =>
        [.. JsonLdScript().Matches(html).Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement)];

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();

    public async ValueTask DisposeAsync() => await web.DisposeAsync();
}
