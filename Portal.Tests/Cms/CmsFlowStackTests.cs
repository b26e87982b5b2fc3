using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Api.Cms;
using Portal.Core.Cms;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Cms;

/// <summary>
/// The CMS with the stack's real Directus, through its own REST API as the therapist's editing would: a published
/// article reaches /articles within 10 s by the Flow (the cache lasts minutes), drafts and future articles never show,
/// unpublishing removes, and with Directus stopped the pages are still served from the cache.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class CmsFlowStackTests(PortalStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan WithinFlow = TimeSpan.FromSeconds(10);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static string Slug(string word) => $"{word}-{Guid.NewGuid():N}"[..(word.Length + 13)];

    [Fact]
    public async Task A_published_article_appears_within_10_seconds_drafts_and_future_ones_never_and_unpublishing_removes_it()
    {
        var directus = await CmsStackDirectus.AdminAsync(stack, ct);
        var web = stack.App.CreateHttpClient("web");
        var api = stack.App.CreateHttpClient("api");
        // Read first, so what follows is the Flow's doing and not an empty cache's.
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/articles", ct)).StatusCode);
        var (published, draft, future) = (Slug("published"), Slug("draft"), Slug("future"));
        var now = DateTimeOffset.UtcNow;

        await directus.PostAsync($"items/{CmsCollections.Articles}", Article(draft, CmsPublication.Draft, now.AddMinutes(-5)), ct);
        await directus.PostAsync($"items/{CmsCollections.Articles}", Article(future, CmsPublication.Published, now.AddDays(2)), ct);
        var created = await directus.PostAsync($"items/{CmsCollections.Articles}", Article(published, CmsPublication.Published, now.AddMinutes(-5)), ct);
        var took = await UntilAsync(async () => (await web.GetStringAsync("/articles?page=1", ct)).Contains($"/articles/{published}"), "the published article on /articles");
        output.WriteLine($"published → on /articles: {took.TotalMilliseconds:0} ms");
        Assert.True(took <= WithinFlow, $"the published article took {took} to appear");

        var page = await web.GetStringAsync("/articles", ct);
        var listed = await api.GetFromJsonAsync<ArticlePage>("/api/cms/articles?pageSize=50", ct);
        foreach (var hidden in new[] { draft, future })
        {
            Assert.DoesNotContain(hidden, page);
            Assert.DoesNotContain(listed!.Items, a => a.Slug == hidden);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/cms/articles/{hidden}", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/articles/{hidden}", ct)).StatusCode);
        }

        Assert.Contains("Written for the stack test.", await web.GetStringAsync($"/articles/{published}", ct));

        await directus.PatchAsync($"items/{CmsCollections.Articles}/{created!["id"]}", new JsonObject { ["status"] = CmsPublication.Draft }, ct);
        var gone = await UntilAsync(async () => (await web.GetAsync($"/articles/{published}", ct)).StatusCode == HttpStatusCode.NotFound, "the unpublished article gone");
        output.WriteLine($"unpublished → gone: {gone.TotalMilliseconds:0} ms");
        Assert.True(gone <= WithinFlow, $"the unpublished article took {gone} to go");
        Assert.DoesNotContain($"/articles/{published}", await web.GetStringAsync("/articles", ct));
    }

    [Fact]
    public async Task With_Directus_stopped_the_public_pages_are_still_served_from_the_cache()
    {
        var web = stack.App.CreateHttpClient("web");
        string[] pages = ["/", "/articles", "/podcasts", "/about", "/privacy", "/podcasts/breathing-space", "/sitemap.xml", "/podcasts/feed.xml"];
        var before = new Dictionary<string, string>();
        foreach (var path in pages)
        {
            before[path] = await web.GetStringAsync(path, ct);
        }

        var article = System.Text.RegularExpressions.Regex.Match(before["/articles"], "href=\"(/articles/[a-z0-9-]+)\"").Groups[1].Value;
        Assert.NotEmpty(article);
        before[article] = await web.GetStringAsync(article, ct);

        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("directus", KnownResourceCommands.StopCommand, ct);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            await stack.WaitForAsync("directus", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
            // Every cached answer dropped as an edit would: the Api must go to Directus, find it away, and serve its last copy.
            var webhook = await CmsStackDirectus.WebhookAsync(stack, ct);
            using var evict = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = JsonContent.Create(new { collection = "directus_files" }) };
            evict.Headers.Add(CmsCollections.WebhookSecretHeader, webhook.Secret);
            Assert.Equal(HttpStatusCode.NoContent, (await new HttpClient().SendAsync(evict, ct)).StatusCode);

            foreach (var (path, earlier) in before)
            {
                var clock = Stopwatch.StartNew();
                using var response = await web.GetAsync(path, ct);
                output.WriteLine($"Directus stopped: {path} {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} with Directus stopped");
                var now = await response.Content.ReadAsStringAsync(ct);
                var title = System.Text.RegularExpressions.Regex.Match(earlier, "<h1[^>]*>(.*?)</h1>").Groups[1].Value;
                Assert.Contains(title, now);
            }
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("directus", KnownResourceCommands.StartCommand, ct);
            Assert.True(started.Success, started.Message);
            using var healthy = CancellationTokenSource.CreateLinkedTokenSource(ct);
            healthy.CancelAfter(TimeSpan.FromSeconds(90));
            await stack.WaitForAsync("directus", e => e.Snapshot.HealthStatus == HealthStatus.Healthy, healthy.Token);
        }
    }

    private static JsonObject Article(string slug, string status, DateTimeOffset publishedAt) => new()
    {
        ["status"] = status,
        ["title"] = $"Stack article {slug}",
        ["slug"] = slug,
        ["summary"] = "Written for the stack test.",
        ["body"] = "Written for the stack test.",
        ["author"] = "The practice",
        ["published_at"] = publishedAt.ToString("O"),
    };

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(condition, TimeSpan.FromSeconds(30), $"{what} within 30 s");
        return clock.Elapsed;
    }
}
