using System.Net;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Cms;

/// <summary>The Api's CMS answers for page tests of the Web: two articles, one episode, the site's texts and the FAQ; <see cref="Down"/> answers 503.</summary>
internal sealed class CmsStandInApi : HttpMessageHandler
{
    public const string BaseAddress = "http://api.test/";
    public static readonly DateTimeOffset Published = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Audio = Guid.Parse("0b1d5a4e-6f0e-4a53-9b7a-3f1c2d4e5f60");
    public static readonly Guid Cover = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");

    public static readonly byte[] AudioBytes = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i % 199))];

    public volatile bool Down;

    public System.Collections.Concurrent.ConcurrentQueue<string> Asked { get; } = new();

    private static object Article(string slug, string title) => new
    {
        slug, title, summary = $"Summary of {title}", author = "Anna", publishedAt = Published, lastModified = Published.AddDays(1),
        cover = new { url = $"/api/cms/assets/{Cover}", alt = "A calm lake", width = 1200, height = 800 },
        bodyHtml = "<p>Body of the article.</p>",
    };

    private static readonly object Episode = new
    {
        slug = "breathing-space", title = "Breathing space", summary = "A short pause.", episodeNumber = 1, durationSeconds = 125,
        publishedAt = Published, lastModified = Published, audio = new { url = $"/api/cms/assets/{Audio}", type = "audio/mpeg", length = 123456 },
        descriptionHtml = "<p>A short pause.</p>",
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Asked.Enqueue(path);
        if (Down && path.StartsWith("/api/cms/", StringComparison.Ordinal))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }

        if (path == $"/api/cms/assets/{Audio}" && request.Headers.Range?.Ranges.SingleOrDefault() is { From: { } from, To: { } to })
        {
            var part = new ByteArrayContent(AudioBytes[(int)from..(int)(to + 1)]);
            part.Headers.ContentType = new("audio/mpeg");
            part.Headers.ContentRange = new(from, to, AudioBytes.Length);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = part });
        }

        object? body = path switch
        {
            "/api/cms/articles" => new { items = new[] { Article("first-steps", "First steps"), Article("sleep", "Sleep & rest") }, page = 1, pageSize = 10, total = 2 },
            "/api/cms/articles/first-steps" => Article("first-steps", "First steps"),
            "/api/cms/podcasts" => new[] { Episode },
            "/api/cms/podcasts/breathing-space" => Episode,
            "/api/cms/pages/home" => new { key = "home", title = "A calm place to start", summary = "Talking therapy online.", bodyHtml = "<p>Welcome.</p>", portrait = (object?)null, lastModified = Published },
            "/api/cms/pages/privacy" => new { key = "privacy", title = "Privacy notice", summary = "How your data is kept.", bodyHtml = "<p>From the CMS: we keep little.</p>", portrait = (object?)null, lastModified = Published },
            "/api/cms/faq" => new[] { new { question = "Are sessions online?", answerHtml = "<p>Yes.</p>", answerText = "Yes." } },
            "/api/session-types" => Array.Empty<object>(),
            _ => null,
        };
        return Task.FromResult(body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json") });
    }
}
