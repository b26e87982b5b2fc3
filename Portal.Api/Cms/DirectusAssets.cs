using System.Collections.Concurrent;
using System.Net.Http.Headers;
using StackExchange.Redis;
using Microsoft.Extensions.Options;

namespace Portal.Api.Cms;

/// <summary>
/// Directus's assets, on a client of their own: the first request for a width makes Directus resize and encode the
/// picture (WebP or AVIF), seconds of work on a small server, so it gets a longer budget than a list of items.
/// </summary>
public sealed class DirectusAssets(HttpClient http, IOptions<CmsOptions> options, IServiceProvider services)
{
    /// <summary>The longest a resize may take, whoever is still waiting for it.</summary>
    private static readonly TimeSpan ResizeBudget = TimeSpan.FromSeconds(30);

    /// <summary>One gate per picture, size and format family on this instance: see <see cref="PictureAsync"/>. Bounded:
    /// only published pictures get this far, in six widths and three families.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Resizes = new();

    /// <summary>
    /// A resized picture, read to the end. Directus writes a new size into its storage before it answers, and a request
    /// that comes while the file is being written is served the half-written file (the browser keeps that broken
    /// picture for an hour). So a size is asked for one request at a time: on this instance by a gate, across replicas
    /// by a Redis lock (when there is Redis); and it is always read to the end, whether or not the visitor still waits.
    /// </summary>
    public async Task<HttpResponseMessage> PictureAsync(Guid id, string query, string? accept)
    {
        var family = accept switch
        {
            { } a when a.Contains("image/avif", StringComparison.Ordinal) => "avif",
            { } a when a.Contains("image/webp", StringComparison.Ordinal) => "webp",
            _ => "other",
        };
        var key = $"{id}{query}|{family}";
        var gate = Resizes.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        using var budget = new CancellationTokenSource(ResizeBudget);
        await gate.WaitAsync(budget.Token);
        try
        {
            await using var shared = await ReplicaLockAsync($"portal:cms:resize:{key}", budget.Token);
            var response = await AssetAsync(id, query, range: null, accept, budget.Token);
            try
            {
                await response.Content.LoadIntoBufferAsync(budget.Token);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The replicas' lock on one resize, or nothing without Redis (or with Redis away: the gate still holds here).</summary>
    private async Task<RedisLease?> ReplicaLockAsync(string key, CancellationToken cancellationToken)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return null;
        }

        try
        {
            return await RedisLease.TakeAsync(redis.GetDatabase(), key, ResizeBudget, Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>An asset's response, headers read, body not yet; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> AssetAsync(Guid id, string query, string? range, string? accept, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"assets/{id}{query}");
        Authorize(request);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(options.Value.DirectusToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.DirectusToken);
        }
    }
}
