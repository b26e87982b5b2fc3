using Portal.Core.Bookings;

namespace Portal.Core.Notifications;

/// <summary>
/// A booking as it stood when the message about it was written, so a late retry says the same thing. Only what the
/// messages need: what the client wrote when booking stays in the database (<see cref="HasClientNote"/> says it exists).
/// </summary>
public sealed record BookingFacts(
    Guid BookingId,
    Guid ClientId,
    string ClientName,
    string ClientEmail,
    string ClientTimeZone,
    string SessionTypeName,
    SessionMode Mode,
    bool IsDiscoveryCall,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset BookedAt,
    bool HasClientNote)
{
    /// <summary>The session's name inside a sentence ("your free discovery call").</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SessionInSentence => Wording.InSentence(SessionTypeName);

    public static BookingFacts Of(Booking booking) => new(
        booking.Id,
        booking.ClientId,
        booking.Client.Name,
        booking.Client.Email,
        booking.Client.TimeZone,
        booking.SessionType.Name,
        booking.SessionType.Mode,
        booking.IsDiscoveryCall,
        booking.StartsAt,
        booking.EndsAt,
        booking.CreatedAt,
        booking.ClientNote is not null);
}
