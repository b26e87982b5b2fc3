using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Portal.Api.Cms;

/// <summary>
/// Directus's assets, on a client of their own: the first request for a width makes Directus resize and encode the
/// picture (WebP or AVIF), seconds of work on a small server, so it gets a longer budget than a list of items.
/// </summary>
public sealed class DirectusAssets(HttpClient http, IOptions<CmsOptions> options)
{
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
