extern alias Web;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Web in memory, for what it decides on its own (no Api behind it); with a Redis connection string as the
/// AppHost gives it, or without one.
/// </summary>
public sealed class WebFactory(string? redisConnectionString = null) : WebApplicationFactory<Web::Program>
{
    public static readonly WebApplicationFactoryClientOptions NoCookies = new() { HandleCookies = false, AllowAutoRedirect = false };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString ?? "");
    }
}
