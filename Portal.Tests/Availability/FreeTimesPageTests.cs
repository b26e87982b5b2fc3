using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Availability;

/// <summary>
/// The Web keeps the page of free times a first-time visitor sees, and drops it the moment the Api says the free times
/// changed (through Redis): a time booked anywhere is gone from the next visitor's page, and anyone with a cookie gets
/// a page of their own. The Web runs over this class's Api in memory, with the same Redis, clock and channel.
/// </summary>
public sealed partial class FreeTimesPageTests : IClassFixture<ApiFactory>, IAsyncDisposable
{
    private const string Page = "/book/discovery-call?tz=Europe/London";

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly ApiFactory api;
    private readonly WebFactory web;
    private int searches;

    public FreeTimesPageTests(ApiFactory api, TestServers servers)
    {
        this.api = api;
        web = WebOver(servers.RedisConnectionString);
    }

    private WebFactory WebOver(string redisConnectionString) =>
        new(
            redisConnectionString,
            new Dictionary<string, string>
            {
                ["Api:BaseAddress"] = "http://api.test/",
                ["Portal:PublicUrl"] = "https://portal.example/",
                ["FreeTimes:Channel"] = api.Services.GetRequiredService<IConfiguration>()["FreeTimes:Channel"]!,
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(api.Clock);
                services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(
                    () => new CountingSearches(api.Server.CreateHandler(), () => Interlocked.Increment(ref searches))));
            });

    public async ValueTask DisposeAsync() => await web.DisposeAsync();

    [Fact]
    public async Task A_first_visit_is_served_the_kept_page_until_a_booking_changes_the_free_times()
    {
        var visitor = web.CreateClient(WebFactory.NoCookies);
        var first = await visitor.GetStringAsync(Page, ct);
        var starts = Starts(first);
        Assert.NotEmpty(starts);
        var asked = Volatile.Read(ref searches);

        Assert.Equal(first, await visitor.GetStringAsync(Page, ct));
        Assert.Equal(asked, Volatile.Read(ref searches));

        // Another zone is another page.
        Assert.DoesNotContain(starts[0], await visitor.GetStringAsync("/book/discovery-call?tz=America/New_York", ct));
        Assert.Equal(asked + 1, Volatile.Read(ref searches));

        var booked = await api.CreateClient().PostBookingAsync(Guest("discovery-call", DateTimeOffset.Parse(starts[0], System.Globalization.CultureInfo.InvariantCulture),
            $"kept-{Guid.NewGuid():N}@example.com"));
        Assert.Equal(System.Net.HttpStatusCode.Created, booked.StatusCode);

        await Eventually.TrueAsync(async () => !Starts(await visitor.GetStringAsync(Page, ct)).Contains(starts[0]),
            TimeSpan.FromSeconds(1), "the booked time still on the visitor's page a second after it was booked");
        Assert.Contains(starts[^1], Starts(await visitor.GetStringAsync(Page, ct)));
    }

    [Fact]
    public async Task A_visitor_with_a_cookie_gets_a_page_of_their_own()
    {
        var visitor = web.CreateClient(WebFactory.NoCookies);
        await visitor.GetStringAsync(Page, ct);
        var asked = Volatile.Read(ref searches);
        await visitor.GetStringAsync(Page, ct);
        Assert.Equal(asked, Volatile.Read(ref searches));

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, Page) { Headers = { { "Cookie", "portal_session=someone" } } };
        using var response = await visitor.SendAsync(withCookie, ct);
        response.EnsureSuccessStatusCode();

        Assert.Equal(asked + 1, Volatile.Read(ref searches));
    }

    [Fact]
    public async Task While_redis_is_away_no_page_is_kept_since_nothing_could_say_when_to_drop_it()
    {
        var redis = await LocalRedis.StartAsync();
        await using var own = WebOver(redis.ConnectionString);
        var visitor = own.CreateClient(WebFactory.NoCookies);
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                await visitor.GetStringAsync(Page, ct);
                var asked = Volatile.Read(ref searches);
                await visitor.GetStringAsync(Page, ct);
                return Volatile.Read(ref searches) == asked;
            }, TimeSpan.FromSeconds(10), "the page never kept while Redis answered");
        }
        finally
        {
            await redis.DisposeAsync();
        }

        // Within the kept page's 10 s life: a change now would not be heard, so the page must not be served.
        await Eventually.TrueAsync(async () =>
        {
            var asked = Volatile.Read(ref searches);
            await visitor.GetStringAsync(Page, ct);
            await visitor.GetStringAsync(Page, ct);
            return Volatile.Read(ref searches) == asked + 2;
        }, TimeSpan.FromSeconds(2), "a kept page served while Redis was away");
    }

    private static List<string> Starts(string html) => [.. StartAttribute().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("data-start=\"([^\"]+)\"")]
    private static partial Regex StartAttribute();

    /// <summary>Passes the Web's calls to the Api, counting the slot searches among them.</summary>
    private sealed class CountingSearches(HttpMessageHandler api, Action counted) : DelegatingHandler(api)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/api/slots")
            {
                counted();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
