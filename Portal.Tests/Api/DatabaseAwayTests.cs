using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Portal.Api.Availability;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>The Api with its database out of reach: a quick 503 that says to retry, then 503s at once until it is back.</summary>
public sealed class DatabaseAwayTests(DatabaseAwayTests.Factory api) : IClassFixture<DatabaseAwayTests.Factory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    /// <summary>An Api whose database is a port nobody listens on.</summary>
    public sealed class Factory(TestServers servers) : ApiFactory(servers)
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(DefaultSettings)
        {
            ["ConnectionStrings:portal"] = $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=postgres;Password=x;Database=portal;Timeout=3",
        };
    }

    [Fact]
    public async Task A_request_that_needs_the_database_is_a_503_problem_with_retry_after_and_then_503s_come_at_once()
    {
        var clock = Stopwatch.StartNew();

        var response = await api.CreateClient().GetAsync("/api/session-types", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");

        // The watch confirms it is away, and from then on nobody waits for a connection.
        var watch = api.Services.GetRequiredService<Portal.Api.Infrastructure.DatabaseWatch>();
        await Eventually.TrueAsync(() => watch.IsAway, TimeSpan.FromSeconds(10), "the watch never saw the database away");
        clock.Restart();
        var next = await api.CreateClient().PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call" }, ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }
}

/// <summary>Days no practice could offer are answered without the database (here, one that is out of reach).</summary>
public sealed class FarSlotSearchTests(DatabaseAwayTests.Factory api) : IClassFixture<DatabaseAwayTests.Factory>
{
    [Fact]
    public async Task A_slot_search_far_past_any_horizon_is_answered_empty_without_the_database()
    {
        var far = ApiFactory.DefaultNow.AddYears(5);

        var slots = await api.CreateClient().GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&from={far:yyyy-MM-dd}&to={far.AddDays(30):yyyy-MM-dd}&tz=Europe/London",
            TestContext.Current.CancellationToken);

        Assert.Empty(slots!.Days);
    }
}
