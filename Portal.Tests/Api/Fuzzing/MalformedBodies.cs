using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>Bodies gone wrong as a whole: cut short, not JSON, the wrong media type or charset, nested too deep.</summary>
public static class MalformedBodies
{
    private const string Json = "application/json";
    private const string InvalidUtf8Marker = "@@invalid-utf8@@";

    public static IEnumerable<(string Mutation, byte[] Bytes, string? ContentType)> Whole(JsonNode? valid)
    {
        var text = RawJson.Write(valid);
        yield return ("empty, with a JSON content type", [], Json);
        yield return ("truncated JSON (half)", Utf8(text[..(text.Length / 2)]), Json);
        yield return ("truncated JSON (last character cut)", Utf8(text[..^1]), Json);
        yield return ("not JSON", Utf8("not json"), Json);
        yield return ("two JSON documents", Utf8(text + text), Json);
        yield return ("trailing garbage", Utf8(text + " x"), Json);
        yield return ("a comment first", Utf8("/* c */" + text), Json);
        yield return ("UTF-8 byte order mark first", [0xEF, 0xBB, 0xBF, .. Utf8(text)], Json);
        yield return ("arrays nested 10,000 deep", Utf8(new string('[', 10_000) + new string(']', 10_000)), Json);
        yield return ("valid JSON as text/plain", Utf8(text), "text/plain");
        yield return ("valid JSON without a content type", Utf8(text), null);
        yield return ("form instead of JSON", Utf8("a=b&c=d"), "application/x-www-form-urlencoded");
        yield return ("XML instead of JSON", Utf8("<a>b</a>"), "application/xml");
        yield return ("JSON said to be UTF-16", Utf8(text), "application/json; charset=utf-16");
        yield return ("JSON with an unknown charset", Utf8(text), "application/json; charset=no-such-charset");
        yield return ("content type that does not parse", Utf8(text), "application/json; ; =;");
        if (InvalidUtf8(valid) is { } invalid)
        {
            yield return ("invalid UTF-8 in a string", invalid, Json);
        }
    }

    /// <summary>For an operation that takes no body: one it does not expect should make no difference.</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes, string? ContentType)> Unexpected()
    {
        yield return ("JSON it does not take", Utf8("{\"unexpected\":true}"), Json);
        yield return ("not JSON, said to be JSON", Utf8("not json"), Json);
        yield return ("truncated JSON", Utf8("{\"unexpected\":"), Json);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The first string property's value replaced by bytes that are not UTF-8.</summary>
    private static byte[]? InvalidUtf8(JsonNode? valid)
    {
        if (valid?.DeepClone() is not JsonObject copy
            || copy.FirstOrDefault(p => p.Value is JsonValue v && v.TryGetValue<string>(out _)) is not { Key: { } name })
        {
            return null;
        }

        copy[name] = InvalidUtf8Marker;
        var text = RawJson.Write(copy);
        var at = text.IndexOf(InvalidUtf8Marker, StringComparison.Ordinal);
        return [.. Utf8(text[..at]), 0xC3, 0x28, 0xFF, .. Utf8(text[(at + InvalidUtf8Marker.Length)..])];
    }
}

/// <summary>The places of a body a mutation can go: the body itself, its properties, its first array element, at any depth.</summary>
public static class BodyPlaces
{
    private const int MaxDepth = 4;

    /// <returns>Each place with a readable name (<c>body[0].day</c>) and its path of property names and indexes.</returns>
    public static IEnumerable<(string Where, IReadOnlyList<object> Path, ApiSchema Schema)> Of(ApiSchema schema) => Of(schema, [], "body");

    /// <summary>A copy of <paramref name="body"/> with <paramref name="sample"/> at <paramref name="path"/>.</summary>
    public static JsonNode? With(JsonNode? body, IReadOnlyList<object> path, JsonSample sample)
    {
        if (path.Count == 0)
        {
            return sample.Value?.DeepClone();
        }

        var copy = body!.DeepClone();
        var parent = path.Take(path.Count - 1).Aggregate((JsonNode?)copy, (node, segment) => segment is string name ? node![name] : node![(int)segment]);
        switch (path[^1])
        {
            case string name when sample.Remove:
                parent!.AsObject().Remove(name);
                break;
            case string name:
                parent!.AsObject()[name] = sample.Value?.DeepClone();
                break;
            case int index when sample.Remove:
                parent!.AsArray().RemoveAt(index);
                break;
            case int index:
                parent!.AsArray()[index] = sample.Value?.DeepClone();
                break;
        }

        return copy;
    }

    private static IEnumerable<(string Where, IReadOnlyList<object> Path, ApiSchema Schema)> Of(ApiSchema schema, IReadOnlyList<object> path, string where)
    {
        yield return (where, path, schema);
        if (path.Count >= MaxDepth)
        {
            yield break;
        }

        var children = schema.Type switch
        {
            "object" => schema.Properties.Select(p => ($"{where}.{p.Name}", (object)p.Name, p.Schema)),
            "array" when schema.Items is { } items => [($"{where}[0]", (object)0, items)],
            _ => [],
        };
        foreach (var (childWhere, segment, childSchema) in children)
        {
            foreach (var place in Of(childSchema, [.. path, segment], childWhere))
            {
                yield return place;
            }
        }
    }
}
