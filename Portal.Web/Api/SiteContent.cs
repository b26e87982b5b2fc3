using System.Net;

namespace Portal.Web.Api;

/// <summary>
/// The practice's public content (articles, episodes, pages, FAQ), from the Api, which reads Directus. Its own client,
/// without retries: when the Api says the CMS is unavailable (503, after its own short wait for Directus), asking again
/// at once would only keep the visitor waiting; the page shows what it can instead.
/// </summary>
public sealed class SiteContent(HttpClient http)
{
    public Task<ArticlePageView> ArticlesAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        CmsAsync<ArticlePageView>($"api/cms/articles?page={page}&pageSize={pageSize}", cancellationToken)!;

    public Task<ArticleView?> ArticleAsync(string slug, CancellationToken cancellationToken) =>
        CmsOrNullAsync<ArticleView>($"api/cms/articles/{Uri.EscapeDataString(slug)}", cancellationToken);

    public Task<EpisodeView[]> EpisodesAsync(CancellationToken cancellationToken) => CmsAsync<EpisodeView[]>("api/cms/podcasts", cancellationToken)!;

    public Task<EpisodeView?> EpisodeAsync(string slug, CancellationToken cancellationToken) =>
        CmsOrNullAsync<EpisodeView>($"api/cms/podcasts/{Uri.EscapeDataString(slug)}", cancellationToken);

    public Task<SitePageView?> SitePageAsync(string key, CancellationToken cancellationToken) =>
        CmsOrNullAsync<SitePageView>($"api/cms/pages/{Uri.EscapeDataString(key)}", cancellationToken);

    public Task<FaqEntryView[]> FaqAsync(CancellationToken cancellationToken) => CmsAsync<FaqEntryView[]>("api/cms/faq", cancellationToken)!;

    private async Task<T> CmsAsync<T>(string url, CancellationToken cancellationToken) =>
        await CmsOrNullAsync<T>(url, cancellationToken) ?? throw new CmsUnavailable($"{url} was not found");

    /// <returns>Null for 404; <see cref="CmsUnavailable"/> when neither the Api nor Directus can answer.</returns>
    private async Task<T?> CmsOrNullAsync<T>(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return default;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CmsUnavailable($"{url}: {(int)response.StatusCode}");
            }

            return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CmsUnavailable($"{url}: the Api could not be reached", exception);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new CmsUnavailable($"{url}: the Api's answer was not what the Web reads", exception);
        }
    }
}

public static class SiteContentRegistration
{
    public static IHostApplicationBuilder AddSiteContent(this IHostApplicationBuilder builder)
    {
        var baseAddress = builder.Configuration["Api:BaseAddress"]
            ?? throw new InvalidOperationException("Api:BaseAddress is not configured.");
#pragma warning disable EXTEXP0001 // the standard handler would retry a 503 three times while the visitor waits
        builder.Services.AddHttpClient<SiteContent>(http =>
            {
                http.BaseAddress = new Uri(baseAddress);
                http.Timeout = TimeSpan.FromSeconds(15);
            })
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<Identity.ApiCallerForwarding>();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
