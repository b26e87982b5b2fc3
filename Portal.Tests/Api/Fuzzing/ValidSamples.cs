using System.Text.Json.Nodes;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>
/// Values of the right shape, so a request gets past the first check and the mutated part is what is tested; the
/// schema gives the shape, the name a meaning the schema cannot say (a string that is a time zone, a date).
/// </summary>
public static class ValidSamples
{
    /// <summary>Tuesday 10 March 2026, 10:00 in London: a working hour of the seeded week after the Api's clock.</summary>
    public const string Instant = "2026-03-10T10:00:00Z";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["timeZone"] = "Europe/London",
        ["tz"] = "Europe/London",
        ["email"] = "fuzz@example.com",
        ["therapistEmail"] = "fuzz@example.com",
        ["sessionType"] = "discovery-call",
        ["slug"] = "fuzz-session",
        ["currency"] = "GBP",
        ["accentColour"] = "#3f6b5c",
        ["videoCallLink"] = "https://meet.example/fuzz",
        ["phone"] = "+447911123456",
        ["kind"] = "ExtraHours",
        ["day"] = "Tuesday",
    };

    /// <summary>Properties that name one thing of their kind: a guest by their email, a session type by its slug.</summary>
    public static readonly string[] OneOfAKind = ["email", "slug"];

    public static string OneOfAKindValue(string name, int number) =>
        name == "email" ? $"fuzz-{number}@example.com" : $"fuzz-{number}";

    public static JsonNode? For(ApiSchema schema, string name, Random random) => schema.Type switch
    {
        "object" => new JsonObject(schema.Properties.Select(p => KeyValuePair.Create(p.Name, For(p.Schema, p.Name, random)))),
        "array" => schema.Items is { } items ? new JsonArray(For(items, name, random)) : new JsonArray(),
        "integer" or "number" => 10,
        "boolean" => false,
        "enum" => ByName.TryGetValue(name, out var hinted) && schema.Enum!.Contains(hinted) ? hinted : schema.Enum![0],
        _ => Text(schema, name, random),
    };

    public static string Text(ApiSchema schema, string name, Random random) => (schema.Format, name.ToLowerInvariant()) switch
    {
        ("date-time", "from") => "2026-03-01T00:00:00Z",
        ("date-time", "to") => "2026-03-31T00:00:00Z",
        ("date-time", _) => Instant,
        ("date", _) => "2026-03-20",
        ("time", "end") => "17:00:00",
        ("time", _) => "09:00:00",
        ("uuid", _) => RandomGuid(random).ToString(),
        (_, "from") => "2026-03-03",
        (_, "to") => "2026-03-09",
        ("int32" or "int64", _) => "10",
        _ when ByName.TryGetValue(name, out var hinted) => hinted,
        _ when name.Contains("name", StringComparison.OrdinalIgnoreCase) => "Sam Fuzz",
        _ => "fuzz",
    };

    /// <summary>From the seeded random, so a run can be repeated exactly.</summary>
    public static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
