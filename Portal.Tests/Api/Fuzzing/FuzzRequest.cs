using System.Text;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>Which part of a request a mutation changed.</summary>
public enum RequestPart
{
    None,
    Route,
    Query,
    Header,
    BodyValue,
    WholeBody,
}

/// <summary>One request to send: what it is made of, and which mutation of the valid request it carries.</summary>
public sealed record FuzzRequest(
    ApiOperation Operation, RequestPart Part, string Mutation, string PathAndQuery, byte[]? Body, string? ContentType,
    IReadOnlyDictionary<string, string> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), PathAndQuery);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>Enough to send it again by hand: method, path and query, headers, the body's start.</summary>
    public string Describe(int bodyChars = 300)
    {
        var text = new StringBuilder($"{Operation.Method} {Shorten(PathAndQuery, 300)}");
        foreach (var (name, value) in Headers)
        {
            text.Append($"\n    {name}: {Shorten(value, 120)}");
        }

        if (Body is not null)
        {
            text.Append($"\n    Content-Type: {ContentType ?? "(none)"}; {Body.Length:N0} bytes: {Shorten(Encoding.UTF8.GetString(Body), bodyChars)}");
        }

        return text.ToString();
    }

    public static string Shorten(string text, int length) =>
        text.Length <= length ? text : $"{text[..length]}… ({text.Length:N0} chars)";
}
