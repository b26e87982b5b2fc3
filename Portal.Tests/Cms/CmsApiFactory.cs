using System.Text.Json.Nodes;
using Portal.Core.Cms;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Cms;

/// <summary>The Api over a fake Directus (its REST shapes), with its own keys in the run's Redis.</summary>
public sealed class CmsApiFactory(TestServers servers) : ApiFactory(servers), IAsyncLifetime
{
    public const string WebhookSecret = "the-flow-secret";

    public FakeDirectus Directus { get; private set; } = null!;

    public new async ValueTask InitializeAsync()
    {
        Directus = await FakeDirectus.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Directus.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(DefaultSettings)
    {
        ["Cms:DirectusUrl"] = Directus.BaseUrl.ToString(),
        ["Cms:DirectusToken"] = FakeDirectus.Token,
        ["Cms:WebhookSecret"] = WebhookSecret,
        ["Cms:CacheInstance"] = $"test-{Guid.NewGuid():N}:",
    };

    /// <summary>What the Flow sends when a collection changed; the clock moves on a moment, as it would between two edits.</summary>
    public async Task<HttpResponseMessage> ChangedAsync(string collection, string? secret = WebhookSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/directus")
        {
            Content = JsonContent(new JsonObject { ["event"] = $"{collection}.items.update", ["collection"] = collection }),
        };
        if (secret is not null)
        {
            request.Headers.Add(CmsCollections.WebhookSecretHeader, secret);
        }

        var response = await CreateClient().SendAsync(request);
        Clock.Advance(TimeSpan.FromSeconds(1));
        return response;
    }

    private static StringContent JsonContent(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public static JsonObject Article(string slug, string status, DateTimeOffset publishedAt, string body = "Hello **there**.", Guid? cover = null) => new()
    {
        ["status"] = status,
        ["slug"] = slug,
        ["title"] = $"Article {slug}",
        ["summary"] = $"About {slug}",
        ["body"] = body,
        ["author"] = "The practice",
        ["published_at"] = publishedAt.ToString("O"),
        ["date_updated"] = null,
        ["cover_alt"] = cover is null ? null : "A calm picture",
        ["cover_image"] = cover is null ? null : new JsonObject { ["id"] = cover.ToString(), ["width"] = 1200, ["height"] = 800 },
    };

    public static JsonObject Episode(string slug, DateTimeOffset publishedAt, Guid audio, long length) => new()
    {
        ["status"] = CmsPublication.Published,
        ["slug"] = slug,
        ["title"] = $"Episode {slug}",
        ["description"] = "Listen *slowly*.",
        ["episode_number"] = 1,
        ["duration_seconds"] = 4,
        ["published_at"] = publishedAt.ToString("O"),
        ["date_updated"] = null,
        ["audio"] = new JsonObject { ["id"] = audio.ToString(), ["type"] = "audio/wav", ["filesize"] = length },
    };
}
