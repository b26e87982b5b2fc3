using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Portal.Worker.Cms;

/// <summary>Directus's REST API as its administrator (the static admin token): schema, flows, items and files.</summary>
public sealed class DirectusAdmin(HttpClient http)
{
    public static DirectusAdmin Create(Uri baseUrl, string token)
    {
        var http = new HttpClient(new ResilienceHandler(RefusalsRetried) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(3),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new DirectusAdmin(http);
    }

    public HttpClient Http => http;

    /// <summary>
    /// Directus refuses with 503 "Under pressure" while its pressure limiter holds (busiest just after it starts on a loaded
    /// machine), and with 429 when rate limited, before doing anything: such a request is safe to send again, even a POST.
    /// Nothing else is retried, not even another 503 (a proxy's may come after the request was applied), since a flow or
    /// an operation sent twice would be made twice. Each attempt has a minute; waits stay under 10 s (Retry-After is ignored).
    /// </summary>
    private static readonly ResiliencePipeline<HttpResponseMessage> RefusalsRetried = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new HttpRetryStrategyOptions
        {
            ShouldHandle = attempt => IsRefusedBeforeDoingAnythingAsync(attempt.Outcome.Result, attempt.Context.CancellationToken),
            ShouldRetryAfterHeader = false,
            MaxRetryAttempts = 8,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(10),
            UseJitter = true,
        })
        .AddTimeout(TimeSpan.FromSeconds(60))
        .Build();

    private static async ValueTask<bool> IsRefusedBeforeDoingAnythingAsync(HttpResponseMessage? response, CancellationToken cancellationToken) =>
        response?.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => true,
            HttpStatusCode.ServiceUnavailable =>
                (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("Under pressure", StringComparison.Ordinal),
            _ => false,
        };

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Waits until <c>/server/ping</c> answers: the AppHost starts the step with Directus, not once it answers.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            // Each ping on a short clock of its own: a connection accepted and held while Directus starts is asked again.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(PingTimeout);
            try
            {
                using var ping = await http.GetAsync("server/ping", attempt.Token);
                if (ping.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
                && !cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < until)
            {
            }

            if (DateTimeOffset.UtcNow >= until)
            {
                throw new InvalidOperationException($"Directus at {http.BaseAddress} did not answer /server/ping within {patience}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <returns>The <c>data</c> of the answer, or null for 204.</returns>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is JsonNode node
                ? new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DirectusRefusedException(method, path, response.StatusCode, text);
        }

        return response.StatusCode == HttpStatusCode.NoContent || text.Length == 0 ? null : JsonNode.Parse(text)?["data"];
    }

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonNode?> PostAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonNode?> PatchAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    /// <summary>Uploads a file (every other field before the file part, as Directus requires) and returns its id.</summary>
    public async Task<string> UploadAsync(string fileName, string contentType, byte[] bytes, string title, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(title), "title" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        using var response = await http.PostAsync("files", form, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DirectusRefusedException(HttpMethod.Post, "files", response.StatusCode, text);
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("id").GetString()!;
    }
}

public sealed class DirectusRefusedException(HttpMethod method, string path, HttpStatusCode status, string body)
    : Exception($"Directus answered {(int)status} to {method} /{path}: {(body.Length > 600 ? body[..600] : body)}")
{
    public HttpStatusCode Status => status;
}
