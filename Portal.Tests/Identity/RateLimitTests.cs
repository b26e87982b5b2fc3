using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;
using StackExchange.Redis;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Identity;

/// <summary>The Api with small limits, counting in the run's Redis under a prefix of its own.</summary>
public class RateLimitedApiFactory(TestServers servers) : ApiFactory(servers)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:KeyPrefix"] = $"limits-{Guid.NewGuid():N}",
        ["RateLimits:MagicLinkPerAddress:PermitLimit"] = "3",
        ["RateLimits:MagicLinkPerIp:PermitLimit"] = "6",
        ["RateLimits:SignInPerIp:PermitLimit"] = "1000",
        ["RateLimits:BookingPerCaller:PermitLimit"] = "2",
        ["RateLimits:MessagesPerClient:PermitLimit"] = "3",
    };
}

public sealed class RateLimitTests(RateLimitedApiFactory api, TestServers servers) : IClassFixture<RateLimitedApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fourth_link_for_one_address_is_refused_with_429_and_when_to_come_back()
    {
        var http = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.RequestLinkAsync("limited@example.com")).StatusCode);
        }

        var refused = await http.RequestLinkAsync("LIMITED@example.com");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 15 * 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_sending_message_after_message_is_slowed_down_and_the_therapist_is_not()
    {
        var (client, http) = await api.ClientSignedInAsync($"chatty-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var therapist = await api.TherapistSignedInAsync();
        var started = await therapist.PostAsJsonAsync("/api/messages/threads", new { clientId = client.Id, subject = "Hello", body = "Hello" }, ct);
        var thread = (await started.Content.ReadFromJsonAsync<Portal.Api.Messaging.ThreadResponse>(ct))!.Id;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/messages/threads/{thread}/messages", new { body = $"Line {i}" }, ct)).StatusCode);
        }

        var refused = await http.PostAsJsonAsync("/api/messages/threads", new { subject = "More", body = "More" }, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate-limited", (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync($"/api/messages/threads/{thread}/messages", new { body = $"Reply {i}" }, ct)).StatusCode);
        }
    }

    [Fact]
    public async Task One_address_asking_for_many_different_emails_is_stopped_too()
    {
        // A fresh prefix: this test's address ("ip:" in memory) starts at zero.
        await using var factory = await PrefixedFactory.StartAsync(servers);
        var http = factory.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.RequestLinkAsync($"spray{i}@example.com")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.RequestLinkAsync("spray-last@example.com")).StatusCode);
    }

    [Fact]
    public async Task Reading_whose_link_it_is_counts_with_the_sign_in_attempts_of_the_address()
    {
        await using var factory = await PrefixedFactory.StartAsync(servers);
        var http = factory.CreateClient();
        var allowed = new Portal.Api.RateLimiting.RateRules().SignInPerIp.PermitLimit;
        for (var i = 0; i < allowed; i++)
        {
            var guess = i % 2 == 0
                ? await http.PostAsJsonAsync("/api/auth/link-address", new { token = $"guess-{i}" }, ct)
                : await http.SpendAsync($"guess-{i}");
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }

        var refused = await http.PostAsJsonAsync("/api/auth/link-address", new { token = "one-guess-too-many" }, ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Booking_submissions_are_limited_per_caller()
    {
        await using var factory = await PrefixedFactory.StartAsync(servers);
        var http = factory.CreateClient();

        var first = await http.PostBookingAsync(Guest("discovery-call", Tuesday(9), "limit-a@example.com"));
        var second = await http.PostBookingAsync(Guest("discovery-call", Tuesday(10), "limit-b@example.com"));
        var third = await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "limit-c@example.com"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_booking_form_sent_back_with_what_to_fix_is_not_counted_as_an_attempt()
    {
        await using var factory = await PrefixedFactory.StartAsync(servers);
        var http = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var struggling = await http.PostBookingAsync(Guest("discovery-call", Tuesday(9), "val@nowhere", phone: "12345"));
            Assert.Equal(HttpStatusCode.BadRequest, struggling.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(9), "fixed-a@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(10), "fixed-b@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "fixed-c@example.com"))).StatusCode);
    }

    [Fact]
    public async Task Two_Api_replicas_share_one_count_through_Redis()
    {
        var sharedPrefix = $"replicas-{Guid.NewGuid():N}";
        await using var one = await PrefixedFactory.StartAsync(servers, sharedPrefix);
        await using var other = await PrefixedFactory.StartAsync(servers, sharedPrefix);
        var first = one.CreateClient();
        var second = other.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await first.RequestLinkAsync("replicas@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await second.RequestLinkAsync("replicas@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await first.RequestLinkAsync("replicas@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.RequestLinkAsync("replicas@example.com")).StatusCode);
    }

    [Fact]
    public async Task Slot_searches_are_judged_in_memory_and_their_counts_shared_through_Redis_in_batches()
    {
        var sharedPrefix = $"searches-{Guid.NewGuid():N}";
        await using var one = await PrefixedFactory.StartAsync(servers, sharedPrefix);
        await using var other = await PrefixedFactory.StartAsync(servers, sharedPrefix);
        var first = one.CreateClient();
        var second = other.CreateClient();
        const string search = "/api/slots?sessionType=discovery-call&from=2026-03-03&to=2026-03-03&tz=Europe/London";

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(search, ct)).StatusCode);
        }

        // One instance alone keeps the limit at once, without waiting for Redis.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync(search, ct)).StatusCode);

        // The other knows the shared count once it has sent its own (every 100 ms here): its first search passes, the next does not.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(search, ct)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var refused = await second.GetAsync(search, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 5 * 60);
    }

    [Fact]
    public async Task A_search_made_while_the_counts_are_on_their_way_to_Redis_is_still_counted()
    {
        await using var redis = await LocalRedis.StartAsync();
        await using var api = await PrefixedFactory.StartAsync(servers, redisConnectionString: redis.ConnectionString);
        var http = api.CreateClient();
        const string search = "/api/slots?sessionType=discovery-call&from=2026-03-03&to=2026-03-03&tz=Europe/London";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(search, ct)).StatusCode);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");

        // Redis holds every write for two seconds: the counts sent meanwhile (every 100 ms) are on their way, no answer yet.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2000", "WRITE");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(search, ct)).StatusCode);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(400), ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync(search, ct)).StatusCode);
    }

    /// <summary>Another Api (a replica, or a caller with a clean slate), counting under a given or a fresh prefix.</summary>
    private sealed class PrefixedFactory(TestServers servers, string keyPrefix, string? redisConnectionString) : ApiFactory(servers)
    {
        public static async Task<PrefixedFactory> StartAsync(TestServers servers, string? prefix = null, string? redisConnectionString = null)
        {
            var factory = new PrefixedFactory(servers, prefix ?? $"limits-{Guid.NewGuid():N}", redisConnectionString);
            await factory.InitializeAsync();
            return factory;
        }

        /// <summary>Its own Redis, when a test does to Redis what others sharing one must not feel.</summary>
        protected override string RedisConnectionString => redisConnectionString ?? base.RedisConnectionString;

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["RateLimits:KeyPrefix"] = keyPrefix,
            ["RateLimits:MagicLinkPerAddress:PermitLimit"] = "3",
            ["RateLimits:MagicLinkPerIp:PermitLimit"] = "6",
            ["RateLimits:BookingPerCaller:PermitLimit"] = "2",
            ["RateLimits:SlotSearchPerIp:PermitLimit"] = "4",
            ["RateLimits:SlotSearchPerIp:SharedEvery"] = "00:00:00.100",
        };
    }
}
