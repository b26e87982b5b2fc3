using StackExchange.Redis;

namespace Portal.Api.Cms;

/// <summary>
/// The webhook reaches one Api instance, but every instance keeps the CMS's answers: HybridCache's tag eviction is
/// known only to the instance that makes it (entries in Redis are not touched, each instance checks them against the
/// evictions it knows of). So the eviction is told to every instance through Redis, and each evicts in its own cache.
/// Without Redis there is one instance, and the local eviction is all there is.
/// </summary>
public sealed class CmsEvictions(IServiceProvider services, IConfiguration configuration, ILogger<CmsEvictions> logger) : IHostedService
{
    private readonly RedisChannel channel = RedisChannel.Literal($"{configuration["Cms:CacheInstance"] ?? "portal:"}cms-evictions");

    /// <summary>This instance's messages come back to it too: it has evicted already, and a second eviction a moment later would throw away what was read since.</summary>
    private readonly string self = Guid.NewGuid().ToString("N");

    private IConnectionMultiplexer? Redis => services.GetService<IConnectionMultiplexer>();

    /// <summary>Tells every other instance to evict the collection (null: everything of the CMS).</summary>
    public async Task PublishAsync(string? collection)
    {
        if (Redis is { } redis)
        {
            try
            {
                await redis.GetSubscriber().PublishAsync(channel, $"{self}|{collection}");
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // The other instances catch up within Cms:FreshFor; this one has evicted already.
                logger.LogWarning(exception, "Could not tell the other instances to evict the CMS cache");
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Redis is not { } redis)
        {
            return;
        }

        var cache = services.GetRequiredService<CmsCache>();
        try
        {
            await redis.GetSubscriber().SubscribeAsync(channel, (_, message) =>
            {
                var (from, collection) = message.ToString().Split('|', 2) is [var sender, var named] ? (sender, named) : ("", "");
                if (from != self)
                {
                    EvictQuietly(cache, collection.Length == 0 ? null : collection);
                }
            });
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Not subscribed to CMS evictions: another instance's webhook reaches this one within Cms:FreshFor");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async void EvictQuietly(CmsCache cache, string? collection)
    {
        try
        {
            await cache.EvictHereAsync(collection, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not evict the CMS cache as another instance asked");
        }
    }
}
