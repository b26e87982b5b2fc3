using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Portal.Api.Availability;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>The Api with its database out of reach: a quick 503 that says to retry, and no read where none is needed.</summary>
public sealed class DatabaseAwayTests(DatabaseAwayTests.Factory api) : IClassFixture<DatabaseAwayTests.Factory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    public sealed class Factory(TestServers servers) : ApiFactory(servers)
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(DefaultSettings)
        {
            ["ConnectionStrings:portal"] = $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=postgres;Password=x;Database=portal;Timeout=3",
        };
    }

    [Fact]
    public async Task A_request_that_needs_the_database_is_a_503_problem_with_retry_after_not_a_hang()
    {
        var clock = Stopwatch.StartNew();

        var response = await api.CreateClient().GetAsync("/api/session-types", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_slot_search_far_past_any_horizon_is_answered_empty_without_the_database()
    {
        var far = ApiFactory.DefaultNow.AddYears(5);

        var slots = await api.CreateClient().GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&from={far:yyyy-MM-dd}&to={far.AddDays(30):yyyy-MM-dd}&tz=Europe/London", ct);

        Assert.Empty(slots!.Days);
    }
}
