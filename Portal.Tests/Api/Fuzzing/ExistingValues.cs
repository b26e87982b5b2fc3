using System.Text.Json;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>
/// Route values that name something that exists, so a valid-shaped request reaches past "not found": for
/// <c>/api/bookings/{id}/cancel</c>, the <c>id</c>s that <c>GET /api/bookings</c> lists.
/// </summary>
public sealed class ExistingValues
{
    private const int PerCollection = 8;
    private readonly Dictionary<(string Collection, string Name), IReadOnlyList<string>> found = [];
    private readonly Dictionary<(ApiOperation, string Name), int> turns = [];

    /// <summary>
    /// One value, each operation of a collection its own while there are enough: cancelling a booking in one
    /// operation then does not turn every request of the next ("reschedule") away as "cancelled already".
    /// </summary>
    public IReadOnlyList<string> For(ApiOperation operation, ApiParameter parameter) =>
        found.GetValueOrDefault((Collection(operation, parameter), parameter.Name), []) is { Count: > 0 } values
            ? [values[turns[(operation, parameter.Name)] % values.Count]]
            : [];

    /// <summary>Asks each collection's list once, as <paramref name="http"/> (the therapist sees the most).</summary>
    public static async Task<ExistingValues> ReadAsync(
        HttpClient http, IReadOnlyList<ApiOperation> operations, Random random, CancellationToken cancellationToken)
    {
        var existing = new ExistingValues();
        foreach (var operation in operations)
        {
            foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
            {
                var key = (Collection(operation, parameter), parameter.Name);
                existing.turns[(operation, parameter.Name)] = existing.turns.Keys.Count(k => k.Name == parameter.Name
                    && Collection(k.Item1, parameter) == key.Item1);
                if (existing.found.ContainsKey(key))
                {
                    continue;
                }

                var list = operations.FirstOrDefault(o => o.Method == "GET" && o.Path == key.Item1 && o.Parameters.All(p => p.In == "query"));
                existing.found[key] = list is null ? [] : await ListedAsync(http, list, parameter.Name, random, cancellationToken);
            }
        }

        return existing;
    }

    private static string Collection(ApiOperation operation, ApiParameter parameter) =>
        operation.Path[..operation.Path.IndexOf($"{{{parameter.Name}}}", StringComparison.Ordinal)].TrimEnd('/');

    private static async Task<IReadOnlyList<string>> ListedAsync(
        HttpClient http, ApiOperation list, string name, Random random, CancellationToken cancellationToken)
    {
        var query = string.Join('&', list.Parameters.Select(p =>
            $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(ValidSamples.Text(p.Schema, p.Name, random))}"));
        using var response = await http.GetAsync(query.Length == 0 ? list.Path : $"{list.Path}?{query}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. Values(json.RootElement, name).Distinct().Take(PerCollection)];
    }

    private static IEnumerable<string> Values(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Values(e, name)),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? [p.Value.ToString()]
                : Values(p.Value, name)),
        _ => [],
    };
}
