using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Portal.Api.Cms;

public sealed class CmsOptions
{
    /// <summary>Directus's address; else the AppHost's reference <c>services:directus:http:0</c>. Without either: no CMS.</summary>
    public string? DirectusUrl { get; set; }

    public string? DirectusToken { get; set; }

    /// <summary>The secret the Directus Flow sends in <c>X-Portal-Webhook-Secret</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long an answer is fresh before Directus is asked again (changes arrive sooner, by the webhook).</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one replica keeps an answer in memory; replicas share Redis, evictions reach them within this.</summary>
    public TimeSpan InMemoryFor { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Directus could not be reached, or answered with a server error.</summary>
public sealed class CmsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads items and assets from Directus (REST, <c>{"data":…}</c>). No CMS configured: every list is empty.</summary>
public sealed class DirectusItems(HttpClient http, IOptions<CmsOptions> options)
{
    public bool IsConfigured => http.BaseAddress is not null;

    public async Task<JsonArray> ReadAsync(string collection, string query, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"items/{collection}?{query}");
        Authorize(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                throw new CmsUnavailableException($"Directus answered {(int)response.StatusCode} for {collection}");
            }

            // A collection Directus does not have (schema not applied yet) or refuses: nothing published.
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                return [];
            }

            response.EnsureSuccessStatusCode();
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body?["data"] as JsonArray ?? [];
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException && !cancellationToken.IsCancellationRequested)
        {
            throw new CmsUnavailableException($"Directus could not be reached for {collection}", exception);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(options.Value.DirectusToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.DirectusToken);
        }
    }
}
