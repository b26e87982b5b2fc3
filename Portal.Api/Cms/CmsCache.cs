using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Portal.Api.Cms;

/// <summary>
/// The CMS's answers in <see cref="HybridCache"/> (memory, and Redis so replicas share them), fresh for
/// <see cref="CmsOptions.FreshFor"/> or until the webhook evicts their collection's tag. Beside each, the last answer
/// Directus gave is kept without any expiry: when Directus cannot be reached it is served instead, so the public pages
/// keep working; the next answer from Directus replaces it.
/// </summary>
public sealed class CmsCache(HybridCache cache, IServiceProvider services, IOptions<CmsOptions> options, ILogger<CmsCache> logger)
{
    private const string LastGoodPrefix = "cms:last-good:";
    private readonly IDistributedCache? lastGood = services.GetService<IDistributedCache>();
    private readonly Dictionary<string, byte[]> lastGoodHere = [];

    public static string TagOf(string collection) => $"cms:{collection}";

    public async Task<T> GetAsync<T>(string key, string collection, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var entry = new HybridCacheEntryOptions { Expiration = options.Value.FreshFor, LocalCacheExpiration = options.Value.InMemoryFor };
        return await cache.GetOrCreateAsync(key, async ct =>
        {
            try
            {
                var fresh = await read(ct);
                await KeepAsync(key, fresh, ct);
                return fresh;
            }
            catch (CmsUnavailableException unavailable)
            {
                var stale = await LastGoodAsync<T>(key, ct);
                if (stale is null)
                {
                    throw;
                }

                logger.LogWarning(unavailable, "Directus is unavailable: serving the last copy of {Key}", key);
                return stale;
            }
        }, entry, [TagOf(collection), "cms"], cancellationToken);
    }

    /// <summary>Evicts here at once, then tells the other instances (<see cref="CmsEvictions"/>).</summary>
    public async Task EvictAsync(string? collection, CancellationToken cancellationToken)
    {
        await EvictHereAsync(collection, cancellationToken);
        await services.GetRequiredService<CmsEvictions>().PublishAsync(collection);
    }

    public async Task EvictHereAsync(string? collection, CancellationToken cancellationToken) =>
        await cache.RemoveByTagAsync(collection is null ? "cms" : TagOf(collection), cancellationToken);

    private async Task KeepAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        lock (lastGoodHere)
        {
            lastGoodHere[key] = bytes;
        }

        if (lastGood is null)
        {
            return;
        }

        try
        {
            await lastGood.SetAsync(LastGoodPrefix + key, bytes, new DistributedCacheEntryOptions(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not keep the last copy of {Key} in Redis", key);
        }
    }

    private async Task<T?> LastGoodAsync<T>(string key, CancellationToken cancellationToken)
    {
        byte[]? bytes = null;
        if (lastGood is not null)
        {
            try
            {
                bytes = await lastGood.GetAsync(LastGoodPrefix + key, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not read the last copy of {Key} from Redis", key);
            }
        }

        if (bytes is null)
        {
            lock (lastGoodHere)
            {
                lastGoodHere.TryGetValue(key, out bytes);
            }
        }

        return bytes is null ? default : JsonSerializer.Deserialize<T>(bytes);
    }
}
