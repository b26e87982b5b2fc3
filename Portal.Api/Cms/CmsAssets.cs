using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Api.Cms;

/// <summary>
/// Pictures and recordings of published content, streamed from Directus's assets: a picture at one of a few widths
/// (Directus resizes it and picks WebP or AVIF from the browser's Accept), a recording with Range so players seek.
/// </summary>
public static class CmsAssets
{
    public static readonly int[] Widths = [320, 480, 640, 960, 1280, 1920];

    private static readonly string[] PassedHeaders = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified"];

    public static async Task<Results<ProxiedAsset, ValidationProblem, ProblemHttpResult>> Serve(
        Guid id, int? width, HttpRequest request, CmsContent content, DirectusAssets directus, CancellationToken cancellationToken)
    {
        if (width is { } w && !Widths.Contains(w))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["width"] = [$"One of {string.Join(", ", Widths)}."] }, title: "That size is not offered");
        }

        try
        {
            if (!await content.IsPublicAssetAsync(id, cancellationToken))
            {
                return CmsApi.NotFound("No published content shows this file.");
            }

            var query = width is null ? "" : $"?width={width}&fit=inside&withoutEnlargement=true&format=auto&quality=80";
            var accept = request.Headers.Accept.ToString() is { Length: > 0 } given ? given : null;
            var response = width is null
                ? await directus.AssetAsync(id, query, request.Headers.Range.ToString() is { Length: > 0 } range ? range : null, accept, cancellationToken)
                : await directus.PictureAsync(id, query, accept);
            if ((int)response.StatusCode >= 500)
            {
                response.Dispose();
                return CmsApi.Unavailable();
            }

            if (!response.IsSuccessStatusCode && (int)response.StatusCode != StatusCodes.Status416RangeNotSatisfiable)
            {
                response.Dispose();
                return CmsApi.NotFound("Directus no longer has this file.");
            }

            return new ProxiedAsset(response);
        }
        catch (Exception exception) when (exception is CmsUnavailableException or HttpRequestException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return CmsApi.Unavailable();
        }
    }

    /// <summary>Directus's answer passed on: its status (200, 206 or 416), the headers that describe the bytes, and the bytes.</summary>
    public sealed class ProxiedAsset(HttpResponseMessage response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using (response)
            {
                httpContext.Response.StatusCode = (int)response.StatusCode;
                foreach (var name in PassedHeaders)
                {
                    if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                    {
                        httpContext.Response.Headers[name] = values.ToArray();
                    }
                }

                httpContext.Response.Headers.CacheControl = "public, max-age=3600";
                httpContext.Response.Headers.Vary = "Accept";
                httpContext.Response.Headers.XContentTypeOptions = "nosniff";
                await using var body = await response.Content.ReadAsStreamAsync(httpContext.RequestAborted);
                await body.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
            }
        }
    }
}
