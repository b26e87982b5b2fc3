extern alias Web;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PortalApiClient = Web::Portal.Web.Api.PortalApiClient;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Web in memory, for what it decides on its own (no Api behind it, or a stand-in given through
/// <paramref name="services"/>, with its <c>Api:BaseAddress</c> in <paramref name="settings"/>); with a Redis
/// connection string as the AppHost gives it, or without one, and with the Web's key ring certificate of the run. Requests may name their peer address with <see cref="TestPeerAddress.Header"/>.
/// </summary>
public sealed class WebFactory(
    string? redisConnectionString = null,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null,
    string environment = "Testing") : WebApplicationFactory<Web::Program>
{
    public static readonly WebApplicationFactoryClientOptions NoCookies = new() { HandleCookies = false, AllowAutoRedirect = false };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString ?? "");
        builder.UseSetting(TestKeyRing.Setting, TestKeyRing.WebCertificate);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        var noApi = settings?.ContainsKey("Api:BaseAddress") != true;
        if (noApi)
        {
            builder.UseSetting("Api:BaseAddress", "http://no-api.invalid/");
        }

        builder.ConfigureTestServices(testServices =>
        {
            TestPeerAddress.AddTo(testServices);
            if (noApi)
            {
                // No Api behind this Web: its calls get a 404 at once, where an Api away is retried for seconds.
                testServices.AddHttpClient<PortalApiClient>().ConfigurePrimaryHttpMessageHandler(() => new NoApiHandler());
            }

            services?.Invoke(testServices);
        });
    }

    private sealed class NoApiHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound) { RequestMessage = request });
    }
}
