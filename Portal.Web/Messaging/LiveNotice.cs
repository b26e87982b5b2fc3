using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Web.Messaging;

/// <summary>
/// The Api's notice that a thread changed, as it arrives on Redis (the Api's <c>MessageNotice</c>, read here without
/// the Core library the Web does not reference). Ids only.
/// </summary>
public sealed record LiveNotice(Guid Id, string Kind, Guid ThreadId, Guid ClientId, bool ByTherapist)
{
    public const string Posted = "Posted";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The channel the Api publishes on, after the deployment's prefix (<c>Messaging:LiveChannelPrefix</c>).</summary>
    public static string Channel(string prefix) => $"{prefix}:messages:notices";

    public static LiveNotice? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var notice = JsonSerializer.Deserialize<LiveNotice>(json, Json);
            return notice is { Id: var id, ThreadId: var thread, Kind: not null } && id != Guid.Empty && thread != Guid.Empty ? notice : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the browser is told: which thread, and whether a message came (rather than was read).</summary>
    public object ForBrowser() => new BrowserNotice(ThreadId, Kind == Posted, ByTherapist);

    private sealed record BrowserNotice(
        [property: JsonPropertyName("threadId")] Guid ThreadId,
        [property: JsonPropertyName("posted")] bool Posted,
        [property: JsonPropertyName("byTherapist")] bool ByTherapist);
}
