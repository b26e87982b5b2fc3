namespace Portal.Api.Infrastructure;

public static class RawBody
{
    /// <summary>
    /// A webhook's body as text, untouched (its signature covers these exact bytes), or null when it is longer than
    /// <paramref name="limit"/> bytes (read no further than that).
    /// </summary>
    public static async Task<string?> ReadAtMostAsync(this HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new byte[limit + 1];
        var read = 0;
        while (read < buffer.Length && await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var count and > 0)
        {
            read += count;
        }

        return read > limit ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
