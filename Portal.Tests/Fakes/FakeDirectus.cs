using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>
/// Directus's REST shapes as the Api reads them: <c>GET /items/{collection}</c> → <c>{"data":[…]}</c> (with
/// <c>filter[status][_eq]</c>; relations stored already expanded), <c>GET /assets/{id}</c> with Range (206 and
/// Content-Range) and the transform query recorded, a bearer token required. <see cref="Down"/> makes it answer 503.
/// </summary>
public sealed class FakeDirectus : IAsyncDisposable
{
    public const string Token = "fake-directus-token";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, List<JsonObject>> collections = new();
    private readonly ConcurrentDictionary<string, (string Type, byte[] Bytes)> files = new();

    private FakeDirectus(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public volatile bool Down;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int ItemReadsOf(string collection) => Requests.Count(r => r.StartsWith($"/items/{collection}?", StringComparison.Ordinal));

    public static async Task<FakeDirectus> StartAsync()
    {
        FakeDirectus? fake = null;
        var (app, url) = await FakeHttpServer.StartAsync(a =>
        {
            a.MapGet("/items/{collection}", (string collection, HttpContext http) => fake!.Items(collection, http));
            a.MapGet("/assets/{id:guid}", (Guid id, HttpContext http) => fake!.AssetAsync(id, http));
        });
        fake = new FakeDirectus(app, url);
        return fake;
    }

    public void Put(string collection, JsonObject item)
    {
        var list = collections.GetOrAdd(collection, _ => []);
        lock (list)
        {
            var key = (string?)item["slug"] ?? (string?)item["key"] ?? (string?)item["question"];
            list.RemoveAll(i => ((string?)i["slug"] ?? (string?)i["key"] ?? (string?)i["question"]) == key);
            list.Add(item);
        }
    }

    public void Remove(string collection, string slug)
    {
        if (collections.TryGetValue(collection, out var list))
        {
            lock (list)
            {
                list.RemoveAll(i => (string?)i["slug"] == slug);
            }
        }
    }

    public void PutFile(Guid id, string type, byte[] bytes) => files[id.ToString()] = (type, bytes);

    private IResult Items(string collection, HttpContext http)
    {
        Requests.Enqueue($"{http.Request.Path}{http.Request.QueryString}");
        if (Down)
        {
            return Results.StatusCode(503);
        }

        if (http.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            return Results.Json(new { errors = new[] { new { message = "Forbidden", extensions = new { code = "FORBIDDEN" } } } }, statusCode: 403);
        }

        var status = http.Request.Query["filter[status][_eq]"].ToString();
        List<JsonObject> items;
        var list = collections.GetOrAdd(collection, _ => []);
        lock (list)
        {
            items = [.. list.Where(i => status.Length == 0 || (string?)i["status"] == status).Select(i => (JsonObject)i.DeepClone())];
        }

        return Results.Content(new JsonObject { ["data"] = new JsonArray([.. items]) }.ToJsonString(), "application/json");
    }

    /// <summary>How long Directus takes to write a new size into its storage (zero: at once).</summary>
    public TimeSpan ResizeTime { get; set; }

    /// <summary>Each size's write, which goes on whoever waits for it.</summary>
    private readonly ConcurrentDictionary<string, Task> resizes = new();

    private async Task<IResult> AssetAsync(Guid id, HttpContext http)
    {
        Requests.Enqueue($"{http.Request.Path}{http.Request.QueryString}");
        if (Down)
        {
            return Results.StatusCode(503);
        }

        if (http.Request.Query.ContainsKey("width") && ResizeTime > TimeSpan.Zero && files.TryGetValue(id.ToString(), out var picture))
        {
            // As Directus: the first request writes the new size to storage, then answers from it; a request that comes
            // while the file is being written finds it there and is served what is written so far.
            var key = $"{id}{http.Request.QueryString}";
            if (resizes.TryGetValue(key, out var writing) && !writing.IsCompleted)
            {
                return Results.Bytes(picture.Bytes[..(picture.Bytes.Length / 2)], picture.Type);
            }

            await resizes.GetOrAdd(key, _ => Task.Delay(ResizeTime)).WaitAsync(http.RequestAborted);
            return Results.Bytes(picture.Bytes, picture.Type);
        }

        return files.TryGetValue(id.ToString(), out var file)
            ? Results.Bytes(file.Bytes, file.Type, enableRangeProcessing: true)
            : Results.Json(new { errors = new[] { new { message = "Forbidden", extensions = new { code = "FORBIDDEN" } } } }, statusCode: 403);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
