using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Identity;

/// <summary>Redis holds the shared rate counts; losing it must not stop anyone booking or signing in.</summary>
public sealed class RedisOutageTests(TestServers servers)
{
    [Fact]
    public async Task With_Redis_stopped_bookings_and_sign_in_still_work_under_in_memory_limits()
    {
        var ct = TestContext.Current.CancellationToken;
        var redis = await LocalRedis.StartAsync();
        await using var api = new OwnRedisApiFactory(servers, redis.ConnectionString);
        await api.InitializeAsync();
        var http = api.CreateClient();
        await using (var db = api.OpenDb())
        {
            db.Clients.Add(Client.Register(new ContactDetails("Outage Client", "outage@example.com", "+447911123456"), "Europe/London", ApiFactory.DefaultNow));
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(9), "before@example.com"))).StatusCode);

        await redis.DisposeAsync();

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(10), "during-1@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.RequestLinkAsync("outage@example.com")).StatusCode);
        var session = await SignInFlow.SignedInAsync(await http.SpendAsync(await api.LatestLinkTokenAsync("outage@example.com")));
        Assert.Equal(HttpStatusCode.OK, (await api.WithToken(session.Token).GetAsync("/api/me", ct)).StatusCode);

        // The limit still holds, counted in this replica's memory.
        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "during-2@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(12), "during-3@example.com"))).StatusCode);
        await using var check = api.OpenDb();
        Assert.Equal(3, await check.Bookings.CountAsync(ct));
    }

    private sealed class OwnRedisApiFactory(TestServers servers, string redis) : ApiFactory(servers)
    {
        protected override string RedisConnectionString => redis;

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["RateLimits:KeyPrefix"] = $"outage-{Guid.NewGuid():N}",
            ["RateLimits:BookingPerCaller:PermitLimit"] = "2",
        };
    }
}
