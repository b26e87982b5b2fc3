using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace Portal.Api.Cms;

public static class CmsRegistration
{
    /// <summary>
    /// Directus (from <c>Cms:DirectusUrl</c> or the AppHost's reference), HybridCache with Redis as its second level when
    /// Redis is configured, and the content service. Directus calls fail fast (2 s, one retry): a page waits for the
    /// last copy rather than for a Directus that is down.
    /// </summary>
    public static IHostApplicationBuilder AddCms(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Cms");
        builder.Services.Configure<CmsOptions>(section);
        var url = section["DirectusUrl"] ?? builder.Configuration["services:directus:http:0"];

        // RemoveAllResilienceHandlers is the only way to replace the default handler's 30 s budget for one client.
#pragma warning disable EXTEXP0001
        void AtDirectus(HttpClient http)
        {
            if (!string.IsNullOrWhiteSpace(url))
            {
                http.BaseAddress = new Uri(url.TrimEnd('/') + "/");
            }
        }

        builder.Services.AddHttpClient<DirectusItems>(AtDirectus)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
            });
        builder.Services.AddHttpClient<DirectusAssets>(AtDirectus)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(15);
                options.Retry.MaxRetryAttempts = 1;
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(35);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
            });
#pragma warning restore EXTEXP0001

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<RedisCacheOptions>>(services =>
                new Microsoft.Extensions.Options.ConfigureOptions<RedisCacheOptions>(options =>
                {
                    // Keys start with this (tests give each Api its own).
                    options.InstanceName = section["CacheInstance"] ?? "portal:";
                    options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
                }));
            builder.Services.AddStackExchangeRedisCache(_ => { });
        }

        // One entry holds a whole collection with its bodies: more than HybridCache's default 1 MB may be fine.
        builder.Services.AddHybridCache(options => options.MaximumPayloadBytes = 16 * 1024 * 1024);
        builder.Services.AddSingleton<CmsCache>();
        builder.Services.AddSingleton<CmsEvictions>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CmsEvictions>());
        builder.Services.AddScoped<CmsContent>();
        return builder;
    }
}
