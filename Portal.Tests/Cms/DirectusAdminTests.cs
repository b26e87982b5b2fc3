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
/// (just after it starts, on a loaded machine): the step asks again rather than failing the stack's start.
/// </summary>
public sealed class DirectusAdminTests
{
    // Directus's pressure limiter's answer, as it sends it.
    private const string UnderPressure =
        """{"errors":[{"message":"Service \"api\" is unavailable. Under pressure.","extensions":{"service":"api","reason":"Under pressure","code":"SERVICE_UNAVAILABLE"}}]}""";

    [Fact]
    public async Task A_request_refused_under_pressure_is_sent_again_with_its_body_until_Directus_takes_it()
    {
        var bodies = new ConcurrentQueue<string>();
        var (app, url) = await FakeHttpServer.StartAsync(a => a.MapPost("/schema/diff", async (HttpContext http) =>
        {
            bodies.Enqueue(await new StreamReader(http.Request.Body).ReadToEndAsync());
            return bodies.Count <= 2
                ? Results.Content(UnderPressure, "application/json", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Content("""{"data":{"hash":"abc"}}""", "application/json");
        }));
        await using var _ = app;

        var data = await DirectusAdmin.Create(url, "token").PostAsync("schema/diff", new JsonObject { ["version"] = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal("abc", data!["hash"]!.GetValue<string>());
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, body => Assert.Equal("""{"version":1}""", body));
    }

    [Fact]
    public async Task A_failure_that_may_have_changed_something_is_not_sent_again()
    {
        var requests = 0;
        var (app, url) = await FakeHttpServer.StartAsync(a => a.MapPost("/schema/apply", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Content("""{"errors":[{"message":"An unexpected error occurred."}]}""", "application/json", statusCode: 500);
        }));
        await using var _ = app;

        var refused = await Assert.ThrowsAsync<DirectusRefusedException>(() =>
            DirectusAdmin.Create(url, "token").PostAsync("schema/apply", new JsonObject(), TestContext.Current.CancellationToken));

        Assert.Contains("500", refused.Message);
        Assert.Equal(1, requests);
    }
}
