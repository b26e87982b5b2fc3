using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>
/// JSON the serializer will not write on its own (numbers beyond double, lone surrogates): carried through a
/// <see cref="JsonNode"/> as a marked string and put in place as written.
/// </summary>
public static partial class RawJson
{
    public static JsonNode Token(string json) => JsonValue.Create($"@@raw:{Convert.ToHexString(Encoding.UTF8.GetBytes(json))}@@");

    /// <summary>Unicode goes as UTF-8, not as <c>\u</c> escapes, so the Api's decoding of it is tested too.</summary>
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node) =>
        Marker().Replace(node?.ToJsonString(Options) ?? "null", m => Encoding.UTF8.GetString(Convert.FromHexString(m.Groups[1].Value)));

    [GeneratedRegex("\"@@raw:([0-9A-F]*)@@\"")]
    private static partial Regex Marker();
}
