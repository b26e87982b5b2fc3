using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>A header an operation reads that the document cannot show, with a valid-shaped value and wrong ones.</summary>
public sealed record UndocumentedHeader(string Name, string Valid, IReadOnlyList<string> Malformed);

/// <summary>
/// The requests for one operation: first a valid-shaped one, then each route and query value, each header, each body
/// property (at any depth) and the body as a whole made wrong one at a time, the rest kept valid.
/// </summary>
/// <param name="existing">A value of a route parameter that names something that exists (an id, a slug).</param>
/// <param name="undocumentedHeaders">By operation name.</param>
public sealed class MalformedRequests(
    Random random,
    Func<ApiOperation, ApiParameter, IReadOnlyList<string>> existing,
    IReadOnlyDictionary<string, UndocumentedHeader> undocumentedHeaders)
{
    private int oneOfAKind;

    public IEnumerable<FuzzRequest> For(ApiOperation operation)
    {
        var valid = Valid(operation);
        return [
            valid.With(RequestPart.None, "valid-shaped"),
            .. RouteValues(valid),
            .. QueryValues(valid),
            .. Headers(valid),
            .. BodyValues(valid),
            .. (operation.Body is null ? MalformedBodies.Unexpected() : MalformedBodies.Whole(valid.Body))
                .Select(b => valid.WithBytes(RequestPart.WholeBody, $"body: {b.Mutation}", b.Bytes, b.ContentType)),
        ];
    }

    private ValidRequest Valid(ApiOperation operation)
    {
        var route = operation.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p =>
            TextSample.Plain("valid", existing(operation, p).FirstOrDefault() ?? ValidSamples.Text(p.Schema, p.Name, random)));
        var query = operation.Parameters.Where(p => p.In == "query").ToDictionary(p => p.Name, p => ValidSamples.Text(p.Schema, p.Name, random));
        var body = operation.Body is { } schema ? ValidSamples.For(schema, "", random) : null;
        // A body property named like a route parameter names the same thing (PUT …/{slug} with "slug").
        foreach (var (name, value) in route.Where(r => body is JsonObject o && o.ContainsKey(r.Key)))
        {
            body![name] = Uri.UnescapeDataString(value.Encoded);
        }

        var headers = undocumentedHeaders.TryGetValue(operation.Name, out var header)
            ? new Dictionary<string, string> { [header.Name] = header.Valid }
            : [];
        return new ValidRequest(operation, route, query, body, headers, OneOfAKind);
    }

    private IEnumerable<FuzzRequest> RouteValues(ValidRequest valid)
    {
        foreach (var parameter in valid.Operation.Parameters.Where(p => p.In == "path"))
        {
            var values = MalformedSamples.Text(random, inPath: true)
                .Prepend(TextSample.Plain("random value of its type", ValidSamples.Text(parameter.Schema, parameter.Name, random)));
            foreach (var value in values)
            {
                yield return valid.With(RequestPart.Route, $"route {parameter.Name}: {value.Kind}", route: new(valid.Route) { [parameter.Name] = value });
            }
        }
    }

    private IEnumerable<FuzzRequest> QueryValues(ValidRequest valid)
    {
        var query = valid.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<TextSample>)[TextSample.Plain("valid", q.Value)]);
        foreach (var (name, value) in query)
        {
            List<(string Kind, IReadOnlyList<TextSample> Values)> values =
            [
                ("left out", []),
                ("given twice", [value[0], value[0]]),
                .. MalformedSamples.Text(random, inPath: false).Select(v => (v.Kind, (IReadOnlyList<TextSample>)[v])),
            ];
            foreach (var (kind, sample) in values)
            {
                yield return valid.With(RequestPart.Query, $"query {name}: {kind}", query: new(query) { [name] = sample });
            }
        }

        if (query.Count > 1)
        {
            yield return valid.With(RequestPart.Query, "query: every parameter left out", query: query.ToDictionary(q => q.Key, _ => (IReadOnlyList<TextSample>)[]));
        }

        foreach (var (kind, moved) in CalendarEnds.Moves(valid.Query.Values))
        {
            yield return valid.With(RequestPart.Query, $"query: {kind}", query: valid.Query.ToDictionary(
                q => q.Key, q => (IReadOnlyList<TextSample>)[TextSample.Plain("moved", moved.GetValueOrDefault(q.Value, q.Value))]));
        }
    }

    private IEnumerable<FuzzRequest> Headers(ValidRequest valid) =>
        undocumentedHeaders.TryGetValue(valid.Operation.Name, out var header)
            ? header.Malformed.Select(value => valid.With(RequestPart.Header, $"header {header.Name}: {FuzzRequest.Shorten(value, 40)}",
                headers: new(valid.Headers) { [header.Name] = value }))
            : [];

    private IEnumerable<FuzzRequest> BodyValues(ValidRequest valid)
    {
        if (valid.Operation.Body is not { } schema)
        {
            yield break;
        }

        foreach (var (where, path, placeSchema) in BodyPlaces.Of(schema))
        {
            foreach (var sample in MalformedSamples.Json(placeSchema, random))
            {
                yield return path.Count == 0 && sample.Remove
                    ? valid.WithBytes(RequestPart.WholeBody, "body: left out", null, null)
                    : valid.WithBody($"{where}: {sample.Kind}", BodyPlaces.With(valid.Body, path, sample));
            }
        }

        var strings = (valid.Body as JsonObject ?? []).Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        foreach (var (kind, moved) in CalendarEnds.Moves(strings.Values))
        {
            var copy = valid.Body!.DeepClone().AsObject();
            foreach (var (name, value) in strings.Where(p => moved.ContainsKey(p.Value)))
            {
                copy[name] = moved[value];
            }

            yield return valid.WithBody($"body: {kind}", copy);
        }
    }

    /// <summary>
    /// A new guest, a new session type for each request: a valid-shaped request can then succeed again, and a
    /// mutation is not turned away as "already booked" or "slug taken" before it reaches the code it tests.
    /// </summary>
    private JsonNode? OneOfAKind(JsonNode? json, ValidRequest valid)
    {
        if (json is not JsonObject || valid.Body is not JsonObject baseline)
        {
            return json;
        }

        var copy = json.DeepClone().AsObject();
        foreach (var name in ValidSamples.OneOfAKind.Where(n => !valid.Route.ContainsKey(n)))
        {
            if (copy[name] is JsonValue value && baseline[name] is JsonValue same && value.ToJsonString() == same.ToJsonString())
            {
                copy[name] = ValidSamples.OneOfAKindValue(name, ++oneOfAKind);
            }
        }

        return copy;
    }

    /// <summary>The valid-shaped request of an operation, and the same with one part changed.</summary>
    private sealed record ValidRequest(
        ApiOperation Operation,
        Dictionary<string, TextSample> Route,
        Dictionary<string, string> Query,
        JsonNode? Body,
        Dictionary<string, string> Headers,
        Func<JsonNode?, ValidRequest, JsonNode?> OneOfAKind)
    {
        public FuzzRequest With(
            RequestPart part, string mutation, Dictionary<string, TextSample>? route = null,
            Dictionary<string, IReadOnlyList<TextSample>>? query = null, Dictionary<string, string>? headers = null) =>
            new(Operation, part, mutation, PathAndQuery(route, query), Json(Body), Operation.Body is null ? null : "application/json",
                headers ?? Headers);

        /// <summary>With <paramref name="body"/> in place of the valid one (a JSON <c>null</c> when it is null).</summary>
        public FuzzRequest WithBody(string mutation, JsonNode? body) =>
            new(Operation, RequestPart.BodyValue, mutation, PathAndQuery(null, null), Json(body), "application/json", Headers);

        public FuzzRequest WithBytes(RequestPart part, string mutation, byte[]? bytes, string? contentType) =>
            new(Operation, part, mutation, PathAndQuery(null, null), bytes, contentType, Headers);

        private byte[]? Json(JsonNode? body) =>
            Operation.Body is null ? null : Encoding.UTF8.GetBytes(RawJson.Write(OneOfAKind(body, this)));

        private string PathAndQuery(Dictionary<string, TextSample>? route, Dictionary<string, IReadOnlyList<TextSample>>? query)
        {
            var path = (route ?? Route).Aggregate(Operation.Path,
                (p, value) => p.Replace($"{{{value.Key}}}", value.Value.Encoded, StringComparison.Ordinal));
            var pairs = query?.SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={v.Encoded}"))
                ?? Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}");
            var joined = string.Join('&', pairs);
            return joined.Length == 0 ? path : $"{path}?{joined}";
        }
    }
}
