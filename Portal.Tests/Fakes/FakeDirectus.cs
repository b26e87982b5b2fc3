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

    /// <summary>How long a resize takes before its bytes come (zero: at once).</summary>
    public TimeSpan ResizeTime { get; set; }

    /// <summary>The most resizes at work at once, and how many were written to the end.</summary>
    public int MostResizesAtOnce => mostResizes;

    public int ResizesWritten => resizesWritten;

    private int resizesAtWork;
    private int mostResizes;
    private int resizesWritten;

    private async Task<IResult> AssetAsync(Guid id, HttpContext http)
    {
        Requests.Enqueue($"{http.Request.Path}{http.Request.QueryString}");
        if (Down)
        {
            return Results.StatusCode(503);
        }

        if (http.Request.Query.ContainsKey("width") && ResizeTime > TimeSpan.Zero && files.TryGetValue(id.ToString(), out var picture))
        {
            // As Directus: headers at once, then the resized bytes as they are made (and kept for the next asker).
            var atWork = Interlocked.Increment(ref resizesAtWork);
            InterlockedMax(ref mostResizes, atWork);
            try
            {
                http.Response.ContentType = picture.Type;
                await http.Response.StartAsync(http.RequestAborted);
                await Task.Delay(ResizeTime, http.RequestAborted);
                await http.Response.Body.WriteAsync(picture.Bytes, http.RequestAborted);
                Interlocked.Increment(ref resizesWritten);
                return Results.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref resizesAtWork);
            }
        }

        return files.TryGetValue(id.ToString(), out var file)
            ? Results.Bytes(file.Bytes, file.Type, enableRangeProcessing: true)
            : Results.Json(new { errors = new[] { new { message = "Forbidden", extensions = new { code = "FORBIDDEN" } } } }, statusCode: 403);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
