using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Portal.Api.Cms;
using Portal.Core.Cms;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Cms;

/// <summary>
/// The Api's CMS endpoints over a fake Directus: only what is published and due leaves, rich text is sanitised,
/// answers are cached until the webhook (with its secret) says a collection changed, the last copy is served while
/// Directus is down, and files come through with Range and the picture sizes on offer.
/// </summary>
public sealed class CmsApiTests(CmsApiFactory api) : IClassFixture<CmsApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static string Unique(string word) => $"{word}-{Guid.NewGuid():N}"[..(word.Length + 13)];

    [Fact]
    public async Task Drafts_and_future_articles_never_leave_the_Api_and_a_future_one_appears_when_its_time_comes()
    {
        var now = api.Clock.GetUtcNow();
        var (published, draft, future) = (Unique("published"), Unique("draft"), Unique("future"));
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(published, CmsPublication.Published, now.AddDays(-1)));
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(draft, CmsPublication.Draft, now.AddDays(-1)));
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(future, CmsPublication.Published, now.AddHours(2)));
        Assert.Equal(HttpStatusCode.NoContent, (await api.ChangedAsync(CmsCollections.Articles)).StatusCode);
        var http = api.CreateClient();

        var list = await http.GetFromJsonAsync<ArticlePage>("/api/cms/articles?pageSize=50", ct);
        Assert.Contains(list!.Items, a => a.Slug == published);
        Assert.DoesNotContain(list.Items, a => a.Slug == draft || a.Slug == future);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/cms/articles/{published}", ct)).StatusCode);
        foreach (var hidden in new[] { draft, future })
        {
            var response = await http.GetAsync($"/api/cms/articles/{hidden}", ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        api.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/cms/articles/{future}", ct)).StatusCode);
    }

    [Fact]
    public async Task An_article_body_with_scripts_event_handlers_and_javascript_links_renders_none_of_them()
    {
        var slug = Unique("hostile");
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(slug, CmsPublication.Published, api.Clock.GetUtcNow().AddDays(-1),
            "Safe **words**.\n\n<script>alert('x')</script>\n\n<img src=\"x\" onerror=\"alert(1)\">\n\n[click](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">there</a>\n\n<iframe src=\"https://evil.example\"></iframe>"));
        await api.ChangedAsync(CmsCollections.Articles);

        var article = await api.CreateClient().GetFromJsonAsync<ArticleResponse>($"/api/cms/articles/{slug}", ct);

        Assert.Contains("<strong>words</strong>", article!.BodyHtml);
        foreach (var forbidden in new[] { "<script", "onerror", "onclick", "javascript:", "<iframe", "alert(" })
        {
            Assert.DoesNotContain(forbidden, article.BodyHtml, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Answers_are_cached_until_the_webhook_with_the_right_secret_says_the_collection_changed()
    {
        var http = api.CreateClient();
        await api.ChangedAsync(CmsCollections.FaqEntries);
        api.Directus.Put(CmsCollections.FaqEntries, new() { ["status"] = "published", ["question"] = "First?", ["answer"] = "Yes." });
        await http.GetFromJsonAsync<FaqEntryResponse[]>("/api/cms/faq", ct);
        var reads = api.Directus.ItemReadsOf(CmsCollections.FaqEntries);

        api.Directus.Put(CmsCollections.FaqEntries, new() { ["status"] = "published", ["question"] = "Second?", ["answer"] = "Also." });
        for (var i = 0; i < 5; i++)
        {
            Assert.DoesNotContain((await http.GetFromJsonAsync<FaqEntryResponse[]>("/api/cms/faq", ct))!, f => f.Question == "Second?");
        }

        Assert.Equal(reads, api.Directus.ItemReadsOf(CmsCollections.FaqEntries));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.ChangedAsync(CmsCollections.FaqEntries, secret: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.ChangedAsync(CmsCollections.FaqEntries, secret: "the-flow-secreT")).StatusCode);
        Assert.DoesNotContain((await http.GetFromJsonAsync<FaqEntryResponse[]>("/api/cms/faq", ct))!, f => f.Question == "Second?");

        Assert.Equal(HttpStatusCode.NoContent, (await api.ChangedAsync(CmsCollections.FaqEntries)).StatusCode);
        Assert.Contains((await http.GetFromJsonAsync<FaqEntryResponse[]>("/api/cms/faq", ct))!, f => f.Question == "Second?");
        Assert.Equal(reads + 1, api.Directus.ItemReadsOf(CmsCollections.FaqEntries));
    }

    [Fact]
    public async Task While_Directus_is_down_the_last_copy_is_served_even_after_an_eviction()
    {
        var http = api.CreateClient();
        var slug = Unique("kept");
        api.Directus.Put(CmsCollections.PodcastEpisodes, CmsApiFactory.Episode(slug, api.Clock.GetUtcNow().AddDays(-1), Guid.NewGuid(), 1000));
        await api.ChangedAsync(CmsCollections.PodcastEpisodes);
        Assert.Contains((await http.GetFromJsonAsync<EpisodeSummary[]>("/api/cms/podcasts", ct))!, e => e.Slug == slug);

        api.Directus.Down = true;
        try
        {
            await api.ChangedAsync(CmsCollections.PodcastEpisodes);
            var readsBefore = api.Directus.ItemReadsOf(CmsCollections.PodcastEpisodes);
            Assert.Contains((await http.GetFromJsonAsync<EpisodeSummary[]>("/api/cms/podcasts", ct))!, e => e.Slug == slug);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/cms/podcasts/{slug}", ct)).StatusCode);
            Assert.True(api.Directus.ItemReadsOf(CmsCollections.PodcastEpisodes) > readsBefore, "Directus was not asked again after the eviction");
        }
        finally
        {
            api.Directus.Down = false;
        }
    }

    [Fact]
    public async Task A_published_recording_comes_through_with_Range_and_pictures_only_in_the_sizes_on_offer()
    {
        var http = api.CreateClient();
        var (audio, cover, unpublished) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();
        api.Directus.PutFile(audio, "audio/wav", bytes);
        api.Directus.PutFile(cover, "image/png", [1, 2, 3]);
        api.Directus.PutFile(unpublished, "image/png", [4, 5, 6]);
        api.Directus.Put(CmsCollections.PodcastEpisodes, CmsApiFactory.Episode(Unique("ranged"), api.Clock.GetUtcNow().AddDays(-1), audio, bytes.Length));
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(Unique("covered"), CmsPublication.Published, api.Clock.GetUtcNow().AddDays(-1), cover: cover));
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(Unique("drafted"), CmsPublication.Draft, api.Clock.GetUtcNow().AddDays(-1), cover: unpublished));
        await api.ChangedAsync("directus_files");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cms/assets/{audio}");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal($"bytes 100-199/{bytes.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal("audio/wav", part.Content.Headers.ContentType!.MediaType);

        var resized = await http.GetAsync($"/api/cms/assets/{cover}?width=640", ct);
        Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
        Assert.Contains(api.Directus.Requests, r => r.StartsWith($"/assets/{cover}?width=640&fit=inside", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/cms/assets/{cover}?width=641", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/cms/assets/{unpublished}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/cms/assets/{Guid.NewGuid()}", ct)).StatusCode);
    }

    [Fact]
    public async Task A_picture_asked_for_while_directus_writes_its_new_size_is_served_whole()
    {
        // Directus writes a new size into its storage before answering, and serves a request that comes meanwhile the
        // half-written file (CmsBrowserTests saw a picture never load after a click away from the list, which left the
        // first request and sent a second).
        var http = api.CreateClient();
        var cover = Guid.NewGuid();
        byte[] bytes = [7, 8, 9, 10, 11, 12];
        api.Directus.PutFile(cover, "image/png", bytes);
        api.Directus.Put(CmsCollections.Articles, CmsApiFactory.Article(Unique("resized"), CmsPublication.Published, api.Clock.GetUtcNow().AddDays(-1), cover: cover));
        await api.ChangedAsync("directus_files");
        api.Directus.ResizeTime = TimeSpan.FromMilliseconds(500);
        var address = $"/api/cms/assets/{cover}?width=960";
        try
        {
            using (var leaving = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var first = http.GetAsync(address, leaving.Token);
                await Eventually.TrueAsync(() => api.Directus.Requests.Any(r => r.StartsWith($"/assets/{cover}?width=960", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(5), "the first request never reached Directus");
                leaving.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
            }

            var next = await http.GetAsync(address, ct);

            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal(bytes, await next.Content.ReadAsByteArrayAsync(ct));
        }
        finally
        {
            api.Directus.ResizeTime = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Pages_are_read_by_key_and_bad_paging_is_refused_with_problem_details()
    {
        var http = api.CreateClient();
        api.Directus.Put(CmsCollections.SitePages, new() { ["key"] = "about", ["title"] = "About me", ["summary"] = "Who I am", ["body"] = "I *listen*.", ["portrait"] = null });
        await api.ChangedAsync(CmsCollections.SitePages);

        var about = await http.GetFromJsonAsync<SitePageResponse>("/api/cms/pages/about", ct);
        Assert.Equal("About me", about!.Title);
        Assert.Contains("<em>listen</em>", about.BodyHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/cms/pages/nowhere", ct)).StatusCode);
        var bad = await http.GetAsync("/api/cms/articles?page=0&pageSize=500", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
    }
}

/// <summary>An Api that never had an answer from Directus has no copy to fall back on: 503 ProblemDetails, quickly.</summary>
public sealed class CmsWithoutCopyTests(CmsApiFactory api) : IClassFixture<CmsApiFactory>
{
    [Fact]
    public async Task With_Directus_down_from_the_start_the_answer_is_503_problem_details_within_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        api.Directus.Down = true;
        var http = api.CreateClient();
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var path in new[] { "/api/cms/pages/about", "/api/cms/articles", "/api/cms/faq" })
        {
            var response = await http.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
    }
}
