using System.Net;
using System.Net.Http.Headers;
using Portal.Web.Api;

namespace Portal.Web.Content;

/// <summary>
/// Files on their way to and from the Api, streamed: an upload goes on from the form's temporary file on disk, a
/// download is copied to the browser as it arrives, Range and all. Its own client: no retries (a streamed upload cannot
/// be sent twice) and no 30-second limit (a 200 MB recording takes longer on a slow line).
/// </summary>
public sealed class ContentFiles(HttpClient http)
{
    public const string Name = "content-files";

    /// <summary>The headers of the Api's file answer the browser needs to play, seek and save it.</summary>
    private static readonly string[] PassedOn =
        ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "Content-Disposition", "Last-Modified", "ETag", "Cache-Control", "X-Content-Type-Options", "Vary"];

    /// <summary>The new item's id, or why it was refused. The text parts go first: the Api reads them before the file.</summary>
    public async Task<(Guid? Id, ApiProblem? Problem)> UploadAsync(ContentUploadForm form, IFormFile? file, CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.Title), "title" },
            { new StringContent(form.Kind), "kind" },
            { new StringContent(form.Description ?? ""), "description" },
        };
        if (file is null)
        {
            content.Add(new StringContent(form.Url ?? ""), "url");
        }
        else
        {
            var bytes = new StreamContent(file.OpenReadStream(), 81920);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            bytes.Headers.ContentLength = file.Length;
            content.Add(bytes, "file", Path.GetFileName(file.FileName));
        }

        using var response = await http.PostAsync("api/content", content, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return ((await response.Content.ReadFromJsonAsync<ContentItemView>(cancellationToken))?.Id, null);
        }

        if ((int)response.StatusCode >= 500)
        {
            response.EnsureSuccessStatusCode();
        }

        return (null, await ApiProblem.ReadAsync(response, cancellationToken));
    }

    /// <summary>The item's file from the Api, as the caller may see it (the Api decides; a 404 stays a 404), copied to the browser as it comes.</summary>
    public Task SendAsync(Guid id, bool download, HttpContext browser) =>
        RelayAsync($"api/content/{id}/file{(download ? "?download=true" : "")}", browser);

    /// <summary>
    /// A file the Api serves, copied to the browser as it comes: Range, If-Range and Accept go on to the Api, its status
    /// and the headers that describe the bytes come back (the content library's files, the CMS's pictures and recordings).
    /// </summary>
    public async Task RelayAsync(string apiPath, HttpContext browser)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, apiPath);
        foreach (var header in new[] { "Range", "If-Range", "Accept" })
        {
            if (browser.Request.Headers[header] is { Count: > 0 } value)
            {
                request.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, browser.RequestAborted);
        browser.Response.StatusCode = (int)response.StatusCode;
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable))
        {
            return;
        }

        foreach (var name in PassedOn)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                browser.Response.Headers[name] = values.ToArray();
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(browser.RequestAborted);
        await body.CopyToAsync(browser.Response.Body, browser.RequestAborted);
    }
}

public static class ContentFilesRegistration
{
    /// <summary>The largest upload the Web takes: the Api's 200 MB and the form around it.</summary>
    public const long MaxRequestBytes = (200L * 1024 * 1024) + (4 * 1024 * 1024);

    public static IHostApplicationBuilder AddContentFiles(this IHostApplicationBuilder builder)
    {
        var baseAddress = builder.Configuration["Api:BaseAddress"]
            ?? throw new InvalidOperationException("Api:BaseAddress is not configured.");
#pragma warning disable EXTEXP0001 // the standard handler's retries and 30 s limit do not fit a file of minutes
        builder.Services.AddHttpClient<ContentFiles>(ContentFiles.Name, http =>
            {
                http.BaseAddress = new Uri(baseAddress);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<Identity.ApiCallerForwarding>();
#pragma warning restore EXTEXP0001
        return builder;
    }

    /// <summary><c>GET /content/{id}/file</c>: an item's file for whoever the Api lets see it; <c>?download=true</c> saves it.</summary>
    public static IEndpointRouteBuilder MapContentFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/content/{id:guid}/file", (Guid id, bool? download, HttpContext http, ContentFiles files) =>
            files.SendAsync(id, download == true, http));
        // A client's copy of their data: the Api streams the zip only to its owner.
        app.MapGet("/me/data/{id:guid}/download", (Guid id, HttpContext http, ContentFiles files) =>
            files.RelayAsync($"api/me/data-exports/{id}/download", http));
        return app;
    }
}
