using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Pages;

/// <summary>
/// What the Web promises about its pages whoever asks: private pages are never cached, links name the configured
/// address, HSTS follows the visitor's real scheme, and the visitor's address reaches the Api only from a trusted proxy.
/// </summary>
public sealed class PageHardeningTests : IAsyncDisposable
{
    private const string Proxy = "10.1.0.5";
    private const string Stranger = "203.0.113.9";

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly StandInApi api = new();
    private readonly WebFactory web;

    public PageHardeningTests() => web = new WebFactory(
        settings: new Dictionary<string, string>
        {
            ["Api:BaseAddress"] = StandInApi.BaseAddress,
            ["Portal:PublicUrl"] = "https://portal.example/",
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        },
        services: services => services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => api)));

    [Fact]
    public async Task A_signed_in_page_and_the_sign_in_confirmation_are_never_stored()
    {
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/sign-ins");
        admin.Headers.Add("Cookie", "__Host-portal-session=a-session-token");
        using var adminResponse = await Client().SendAsync(admin, ct);
        using var confirm = await Client().GetAsync("/signin/confirm?token=a-link-token", ct);
        using var home = await Client().GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
        Assert.Contains(api.Requests, r => r.RequestUri!.AbsolutePath == "/api/audit/sign-ins");
        Assert.True(adminResponse.Headers.CacheControl?.NoStore, "the therapist's page may be cached");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.True(confirm.Headers.CacheControl?.NoStore, "the sign-in confirmation may be cached");
        Assert.NotEqual(true, home.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_canonical_link_names_the_configured_address_whatever_Host_the_request_names()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/book");
        request.Headers.Host = "evil.example";

        using var response = await Client().SendAsync(request, ct);
        var page = await response.Content.ReadAsStringAsync(ct);

        Assert.Contains("""<link rel="canonical" href="https://portal.example/book" />""", page);
        Assert.Contains("""<meta property="og:url" content="https://portal.example/book" />""", page);
        Assert.DoesNotContain("evil.example", page);

        // A path that looks like an address of its own is still a path under the configured one.
        using var odd = await Client().GetAsync("/http:evil.example", ct);
        Assert.Matches("""<link rel="canonical" href="https://portal\.example/[^"]*" />""", await odd.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task HSTS_is_sent_when_a_trusted_proxy_says_the_visitor_used_https_and_not_otherwise()
    {
        using var viaProxy = await GetHomeAsync(Proxy, forwardedProto: "https");
        using var plain = await GetHomeAsync(Proxy, forwardedProto: null);
        using var claimedByStranger = await GetHomeAsync(Stranger, forwardedProto: "https");

        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.False(claimedByStranger.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_Api_hears_the_visitors_address_from_a_trusted_proxy_and_the_peers_own_from_anyone_else()
    {
        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/");
        viaProxy.Headers.Add(TestPeerAddress.Header, Proxy);
        viaProxy.Headers.Add("X-Forwarded-For", "198.51.100.7");
        (await Client().SendAsync(viaProxy, ct)).Dispose();
        var forwardedForVisitor = ForwardedFor(api.Requests.Last());

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/");
        spoofed.Headers.Add(TestPeerAddress.Header, Stranger);
        spoofed.Headers.Add("X-Forwarded-For", "198.51.100.99");
        (await Client().SendAsync(spoofed, ct)).Dispose();
        var forwardedForStranger = ForwardedFor(api.Requests.Last());

        Assert.Equal("198.51.100.7", forwardedForVisitor);
        Assert.Equal(Stranger, forwardedForStranger);
    }

    private HttpClient Client() => web.CreateClient(WebFactory.NoCookies);

    private async Task<HttpResponseMessage> GetHomeAsync(string peer, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "portal.example"; // HSTS is never sent to localhost
        request.Headers.Add(TestPeerAddress.Header, peer);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await Client().SendAsync(request, ct);
    }

    private static string ForwardedFor(HttpRequestMessage request) => string.Join(",", request.Headers.GetValues("X-Forwarded-For"));

    public async ValueTask DisposeAsync() => await web.DisposeAsync();
}
