extern alias Web;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Web in memory, for what it decides on its own (no Api behind it, or a stand-in given through
/// <paramref name="services"/>); with a Redis connection string as the AppHost gives it, or without one, and with the
/// Web's key ring certificate of the run. Requests may name their peer address with <see cref="TestPeerAddress.Header"/>.
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

        builder.ConfigureTestServices(testServices =>
        {
            TestPeerAddress.AddTo(testServices);
            services?.Invoke(testServices);
        });
    }
}
