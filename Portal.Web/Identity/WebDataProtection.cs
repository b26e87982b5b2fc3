using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Portal.Web.Identity;

public static class WebDataProtection
{
    /// <summary>The Redis list holding the Web's key ring.</summary>
    public const string KeyRingKey = "portal:web:data-protection-keys";

    /// <summary>
    /// Antiforgery tokens and TempData survive restarts and work across Web replicas: the key ring is in Redis.
    /// Without a Redis connection string (a bare <c>dotnet run</c>) the keys stay per instance. Wherever they are kept,
    /// they are encrypted with the Web's own certificate (<c>DataProtection:Certificate</c>).
    /// </summary>
    public static IHostApplicationBuilder AddWebDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("Portal.Web").ProtectKeysWithConfiguredCertificate(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            return builder;
        }

        builder.AddRedisClient("redis", configureOptions: options => options.AbortOnConnectFail = false);
        // First of all hosted services: the framework's own (which makes a key when it finds none) starts after it.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, WebKeyRingFirstKey>());
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeyRingKey));
        return builder;
    }
}
