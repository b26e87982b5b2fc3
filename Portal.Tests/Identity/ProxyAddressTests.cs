using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>The Api behind the Web at a known address (ForwardedHeaders:KnownProxies), with a small per-IP link limit.</summary>
public class BehindTheWebApiFactory(TestServers servers) : ApiFactory(servers)
{
    public const string WebAddress = "10.1.0.5";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:KeyPrefix"] = $"proxy-{Guid.NewGuid():N}",
        ["RateLimits:MagicLinkPerAddress:PermitLimit"] = "100000",
        ["RateLimits:MagicLinkPerIp:PermitLimit"] = "3",
        ["ForwardedHeaders:KnownProxies:0"] = WebAddress,
    };
}

/// <summary>Per-IP limits count the visitor, not the proxy in front of them, and only a trusted proxy may name the visitor.</summary>
public sealed class ProxyAddressTests(BehindTheWebApiFactory api) : IClassFixture<BehindTheWebApiFactory>
{
    [Fact]
    public async Task Two_visitors_behind_one_proxy_each_have_their_own_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync(BehindTheWebApiFactory.WebAddress, "198.51.100.1", i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestLinkAsync(BehindTheWebApiFactory.WebAddress, "198.51.100.1", 3)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync(BehindTheWebApiFactory.WebAddress, "198.51.100.2", 4)).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_an_untrusted_peer_is_ignored()
    {
        // A different made-up visitor each time: were they believed, the attacker would never be limited.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync("203.0.113.9", $"192.0.2.{i + 1}", i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestLinkAsync("203.0.113.9", "192.0.2.200", 3)).StatusCode);
    }

    private Task<HttpResponseMessage> RequestLinkAsync(string peer, string forwardedFor, int attempt) =>
        ProxiedRequest.LinkAsync(api, peer, forwardedFor, $"proxy-{peer}-{forwardedFor}-{attempt}@example.com");
}

/// <summary>The Api behind a load balancer in a trusted network (ForwardedHeaders:KnownNetworks), one hop believed.</summary>
public class BehindANetworkApiFactory(TestServers servers) : ApiFactory(servers)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:KeyPrefix"] = $"network-{Guid.NewGuid():N}",
        ["RateLimits:MagicLinkPerAddress:PermitLimit"] = "100000",
        ["RateLimits:MagicLinkPerIp:PermitLimit"] = "2",
        ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16",
        ["ForwardedHeaders:ForwardLimit"] = "1",
    };
}

/// <summary>A proxy anywhere in a trusted network may name the visitor; only the hop it added is believed.</summary>
public sealed class ProxyNetworkTests(BehindANetworkApiFactory api) : IClassFixture<BehindANetworkApiFactory>
{
    [Fact]
    public async Task Any_proxy_in_a_known_network_names_the_visitor_but_addresses_the_visitor_made_up_before_it_are_not_believed()
    {
        // Two proxies of the network, one visitor who puts a fresh made-up address in front each time: the proxy's
        // own hop (the last) is the visitor's real address, so the limit of 2 holds them.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync("10.20.0.7", "192.0.2.1, 198.51.100.50", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync("10.20.9.9", "192.0.2.2, 198.51.100.50", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestLinkAsync("10.20.0.7", "192.0.2.3, 198.51.100.50", 2)).StatusCode);

        // Another visitor behind the same network has their own count.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync("10.20.0.7", "198.51.100.51", 3)).StatusCode);
        // A peer outside the network is itself the visitor, whatever it says.
        Assert.Equal(HttpStatusCode.Accepted, (await RequestLinkAsync("10.21.0.1", "198.51.100.50", 4)).StatusCode);
    }

    private Task<HttpResponseMessage> RequestLinkAsync(string peer, string forwardedFor, int attempt) =>
        ProxiedRequest.LinkAsync(api, peer, forwardedFor, $"network-{attempt}@example.com");
}

/// <summary>A sign-in link asked for by a peer at <c>peer</c> that names <c>forwardedFor</c> as the visitor.</summary>
internal static class ProxiedRequest
{
    public static async Task<HttpResponseMessage> LinkAsync(ApiFactory api, string peer, string forwardedFor, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/magic-link") { Content = JsonContent.Create(new { email }) };
        request.Headers.Add(TestPeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await api.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }
}
