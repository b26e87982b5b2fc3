using System.Text.Json;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>One operation of the Api's OpenAPI document: what a caller may send to it.</summary>
public sealed record ApiOperation(string Method, string Path, string Name, IReadOnlyList<ApiParameter> Parameters, ApiSchema? Body)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <param name="In">path or query.</param>
public sealed record ApiParameter(string Name, string In, ApiSchema Schema);

/// <summary>
/// A schema of the document with <c>$ref</c> followed, <c>oneOf: [{"type": "null"}, …]</c> and
/// <c>"type": ["null", "string"]</c> read as the type they allow besides null, and integers that may also come as
/// strings (.NET writes <c>["integer", "string"]</c> with a pattern) read as integers.
/// </summary>
public sealed class ApiSchema
{
    private readonly JsonElement element;
    private readonly JsonElement components;

    private ApiSchema(JsonElement element, JsonElement components)
    {
        this.components = components;
        element = Resolve(element);
        if (element.TryGetProperty("oneOf", out var oneOf) || element.TryGetProperty("anyOf", out oneOf))
        {
            element = Resolve(oneOf.EnumerateArray().FirstOrDefault(a => !IsNullType(a), element));
        }

        this.element = element;
        var types = element.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!]
            : [];
        Enum = element.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.ToString()).ToList() : null;
        Format = element.TryGetProperty("format", out var format) ? format.GetString() : null;
        Type = Enum is not null ? "enum"
            : types.Contains("integer") ? "integer"
            : types.Contains("number") ? "number"
            : types.Contains("boolean") ? "boolean"
            : types.Contains("array") ? "array"
            : types.Contains("object") || element.TryGetProperty("properties", out _) ? "object"
            : types.Contains("string") ? "string"
            : "any";
    }

    /// <summary>integer, number, boolean, string, enum, array, object or any.</summary>
    public string Type { get; }

    /// <summary>date, date-time, time, uuid, int32, int64…</summary>
    public string? Format { get; }

    public IReadOnlyList<string>? Enum { get; }

    public ApiSchema? Items => element.TryGetProperty("items", out var items) ? new ApiSchema(items, components) : null;

    public IEnumerable<(string Name, ApiSchema Schema)> Properties =>
        element.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, new ApiSchema(p.Value, components)))
            : [];

    public static ApiSchema Of(JsonElement element, JsonElement components) => new(element, components);

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = components.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema;
    }

    private static bool IsNullType(JsonElement alternative) =>
        alternative.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
}

/// <summary>Reads the operations out of an OpenAPI 3.x document, in path and method order.</summary>
public static class OpenApiOperations
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    public static IReadOnlyList<ApiOperation> Read(string document)
    {
        var root = JsonDocument.Parse(document).RootElement;
        var components = root.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var schemas) ? schemas : Empty;
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var common) ? common.EnumerateArray().ToList() : [];
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is not ("parameters" or "summary" or "description")))
            {
                var parameters = shared
                    .Concat(operation.Value.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(p => new ApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        ApiSchema.Of(p.TryGetProperty("schema", out var s) ? s : Empty, components)))
                    .ToList();
                var body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema)
                        ? ApiSchema.Of(schema, components)
                        : null;
                var name = operation.Value.TryGetProperty("operationId", out var id) ? id.GetString()! : $"{operation.Name} {path.Name}";
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, name, parameters, body));
            }
        }

        return [.. operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)];
    }
}
