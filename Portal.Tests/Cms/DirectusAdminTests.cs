extern alias Worker;

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portal.Tests.Fakes;
using Worker::Portal.Worker.Cms;

namespace Portal.Tests.Cms;

/// <summary>
/// The CMS schema step talks to Directus as its administrator. Directus refuses with 503 "Under pressure" while it is busy
/// (just after it starts, on a loaded machine), and with 429 when rate limited: the step asks again rather than failing
/// the stack's start. Any other failure may have changed something, and is not sent again.
/// </summary>
public sealed class DirectusAdminTests
{
    // Directus's pressure limiter's and rate limiter's answers, as it sends them.
    private const string UnderPressure =
        """{"errors":[{"message":"Service \"api\" is unavailable. Under pressure.","extensions":{"service":"api","reason":"Under pressure","code":"SERVICE_UNAVAILABLE"}}]}""";

    private const string TooManyRequests = """{"errors":[{"message":"Too many requests, retry after 1s.","extensions":{"limit":50,"reset":"2026-12-04T10:00:01.000Z","code":"REQUESTS_EXCEEDED"}}]}""";

    [Theory]
    [InlineData(503, UnderPressure)]
    [InlineData(429, TooManyRequests)]
    public async Task A_request_refused_before_Directus_did_anything_is_sent_again_with_its_body_until_taken(int status, string refusal)
    {
        var bodies = new ConcurrentQueue<string>();
        var (app, url) = await FakeHttpServer.StartAsync(a => a.MapPost("/flows", async (HttpContext http) =>
        {
            bodies.Enqueue(await new StreamReader(http.Request.Body).ReadToEndAsync());
            return bodies.Count <= 2
                ? Results.Content(refusal, "application/json", statusCode: status)
                : Results.Content("""{"data":{"id":"f1"}}""", "application/json");
        }));
        await using var _ = app;

        var data = await DirectusAdmin.Create(url, "token").PostAsync("flows", new JsonObject { ["name"] = "Portal" }, TestContext.Current.CancellationToken);

        Assert.Equal("f1", data!["id"]!.GetValue<string>());
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, body => Assert.Equal("""{"name":"Portal"}""", body));
    }

    [Theory]
    [InlineData(500, """{"errors":[{"message":"An unexpected error occurred.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}""")]
    [InlineData(503, """<html><body>upstream connect error or disconnect/reset before headers</body></html>""")]
    public async Task A_failure_that_may_have_changed_something_is_not_sent_again(int status, string answer)
    {
        var requests = 0;
        var (app, url) = await FakeHttpServer.StartAsync(a => a.MapPost("/flows", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Content(answer, "application/json", statusCode: status);
        }));
        await using var _ = app;

        var refused = await Assert.ThrowsAsync<DirectusRefusedException>(() =>
            DirectusAdmin.Create(url, "token").PostAsync("flows", new JsonObject(), TestContext.Current.CancellationToken));

        Assert.Contains(status.ToString(), refused.Message);
        Assert.Equal(1, requests);
    }
}
