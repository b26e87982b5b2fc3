using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Portal.Api.Cms;

/// <summary>
/// Directus's assets, on a client of their own: the first request for a width makes Directus resize and encode the
/// picture (WebP or AVIF), seconds of work on a small server, so it gets a longer budget than a list of items.
/// </summary>
public sealed class DirectusAssets(HttpClient http, IOptions<CmsOptions> options)
{
    /// <summary>The longest a resize may take, whoever is still waiting for it.</summary>
    private static readonly TimeSpan ResizeBudget = TimeSpan.FromSeconds(30);

    /// <summary>One gate per picture and size (and format family): see <see cref="PictureAsync"/>.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Resizes = new();

    /// <summary>
    /// A resized picture, read to the end. Directus keeps a new size in its storage while it streams the first answer:
    /// an answer stopped half-way (a visitor who clicked on before the picture came) left a broken file that every
    /// later answer served, and a second request during the first could read it half-written. So a size is asked for
    /// one request at a time on this instance, and always read to the end, whether or not the visitor still waits.
    /// </summary>
    public async Task<HttpResponseMessage> PictureAsync(Guid id, string query, string? accept)
    {
        var family = accept switch
        {
            { } a when a.Contains("image/avif", StringComparison.Ordinal) => "avif",
            { } a when a.Contains("image/webp", StringComparison.Ordinal) => "webp",
            _ => "other",
        };
        var gate = Resizes.GetOrAdd($"{id}{query}|{family}", _ => new SemaphoreSlim(1, 1));
        using var budget = new CancellationTokenSource(ResizeBudget);
        await gate.WaitAsync(budget.Token);
        try
        {
            var response = await AssetAsync(id, query, range: null, accept, budget.Token);
            await response.Content.LoadIntoBufferAsync(budget.Token);
            return response;
        }
        finally
        {
            gate.Release();
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
