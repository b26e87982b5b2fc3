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
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

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

    private async Task<HttpResponseMessage> RequestLinkAsync(string peer, string forwardedFor, int attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/magic-link")
        {
            Content = JsonContent.Create(new { email = $"proxy-{peer}-{forwardedFor}-{attempt}@example.com" }),
        };
        request.Headers.Add(TestPeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await api.CreateClient().SendAsync(request, ct);
    }
}
