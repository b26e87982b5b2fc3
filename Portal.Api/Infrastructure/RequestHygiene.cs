using System.Text;
using Microsoft.Net.Http.Headers;

namespace Portal.Api.Infrastructure;

/// <summary>
/// What no endpoint can read is refused before any of them runs: a body in a charset nobody knows (415), an address
/// with a NUL in it (400; PostgreSQL cannot take one). Each with a ProblemDetails that says what to send instead.
/// </summary>
public static class RequestHygiene
{
    public static WebApplication UseRequestHygiene(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Refusal(http.Request) is not { } refusal)
            {
                await next(http);
                return;
            }

            await http.WriteProblemAsync(refusal.Status, refusal.Title, refusal.Detail);
        });
        return app;
    }

    private static (int Status, string Title, string Detail)? Refusal(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.Charset.HasValue && !IsKnown(contentType.Charset.Value!))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "Unknown charset",
                $"The body's charset '{contentType.Charset.Value}' is not one the Api reads. Send UTF-8 (charset=utf-8).");
        }

        if (request.Path.Value?.Contains('\0') == true || request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true
            || request.Query.Any(pair => pair.Key.Contains('\0') || pair.Value.Any(value => value?.Contains('\0') == true)))
        {
            return (StatusCodes.Status400BadRequest, "The address cannot be read", "The address holds a NUL character (%00); leave it out.");
        }

        return null;
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
