using System.Text.Json;

namespace Portal.Core.Messaging;

public enum MessageNoticeKind
{
    /// <summary>A message was sent in a thread.</summary>
    Posted,

    /// <summary>Someone read what waited for them in a thread.</summary>
    Read,
}

/// <summary>
/// Told through Redis by the Api when a thread changes, so the live pages of
/// every Web replica update without a reload. Ids only: the words never leave the Api this way. Every replica hears
/// each notice; <see cref="Id"/> lets exactly one of them pass it on through the SignalR backplane.
/// </summary>
public sealed record MessageNotice(Guid Id, MessageNoticeKind Kind, Guid ThreadId, Guid ClientId, bool ByTherapist)
{
    public static MessageNotice Of(MessageNoticeKind kind, Guid threadId, Guid clientId, bool byTherapist) =>
        new(Guid.NewGuid(), kind, threadId, clientId, byTherapist);

    /// <summary>The Redis channel, after the deployment's prefix (<c>Messaging:LiveChannelPrefix</c>, default "portal").</summary>
    public static string Channel(string prefix) => $"{prefix}:messages:notices";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MessageNotice? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<MessageNotice>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
