extern alias Web;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Benchmarks;

/// <summary>
/// The real Web, every call it makes going to the bench's Api in memory, plus <c>/bench/static-page</c>: a fixed HTML
/// body of the booking page's size served by the same host and pipeline, the ceiling for a page.
/// </summary>
public sealed class BenchWeb(BenchApi api, string redisConnectionString, byte[] staticPage) : WebApplicationFactory<Web::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Api:BaseAddress", "http://api.bench/");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Portal:PublicUrl", "https://portal.bench/");
        builder.UseSetting("DataProtection:Certificate", BenchApi.KeyRingCertificate);
        // Above the appsettings' own levels too: a console line per request would be what the bench measures.
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler()));
            services.AddSingleton<IStartupFilter>(new StaticPage(staticPage));
        });
    }

    private sealed class StaticPage(byte[] body) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/static-page", branch => branch.Run(async context =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.Body.WriteAsync(body);
            }));
            next(app);
        };
    }
}
