using System.Text.Json;

namespace Portal.Core.Outbox;

public static class OutboxPayload
{
    /// <summary>The message's payload, or an exception the dispatcher turns into a retry (and in the end a dead letter).</summary>
    public static T Read<T>(this OutboxMessage message) =>
        JsonSerializer.Deserialize<T>(message.Payload, OutboxJson.Options)
        ?? throw new JsonException($"Outbox message {message.Id} has an empty {typeof(T).Name} payload.");
}
