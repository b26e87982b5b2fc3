using System.Text.Json.Serialization;

namespace Portal.Core.Calendar;

/// <summary>An event as Calendar API v3 speaks it (only the fields the portal reads or writes).</summary>
public sealed record GoogleEvent
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Summary { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EventTime? Start { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EventTime? End { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Transparency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EventType { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EventAttendee[]? Attendees { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? HangoutLink { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ConferenceData? ConferenceData { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ExtendedProperties? ExtendedProperties { get; init; }

    /// <summary>The Meet link Google made for it, if any.</summary>
    public string? MeetLink =>
        HangoutLink ?? ConferenceData?.EntryPoints?.FirstOrDefault(e => e.EntryPointType == "video")?.Uri;
}

/// <summary>Either <see cref="Date"/> (all day, <c>yyyy-mm-dd</c>; an end date is exclusive) or <see cref="DateTime"/> (RFC 3339).</summary>
public sealed record EventTime(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Date = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DateTime = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TimeZone = null);

public sealed record EventAttendee(string? Email, string? ResponseStatus, bool Self = false);

public sealed record ExtendedProperties([property: JsonPropertyName("private")] Dictionary<string, string>? Private);

public sealed record ConferenceData(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConferenceCreateRequest? CreateRequest = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConferenceEntryPoint[]? EntryPoints = null);

public sealed record ConferenceCreateRequest(
    string RequestId,
    ConferenceSolutionKey ConferenceSolutionKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConferenceStatus? Status = null);

public sealed record ConferenceSolutionKey(string Type);

public sealed record ConferenceStatus(string StatusCode);

public sealed record ConferenceEntryPoint(string EntryPointType, string Uri);

/// <summary>One page of <c>events.list</c>: <see cref="NextSyncToken"/> only on the last.</summary>
public sealed record EventPage(GoogleEvent[] Items, string? NextPageToken, string? NextSyncToken);

/// <summary>What the token endpoint answers; <see cref="RefreshToken"/> only on a first offline consent.</summary>
public sealed record GoogleTokens(string AccessToken, TimeSpan ExpiresIn, string? RefreshToken, string? Scope);

/// <summary>
/// Google said no: <see cref="Reason"/> is the first error's reason (<c>duplicate</c>, <c>deleted</c>,
/// <c>fullSyncRequired</c>, <c>rateLimitExceeded</c>…) or, from the OAuth endpoints, the <c>error</c> (<c>invalid_grant</c>).
/// Its message never carries a token.
/// </summary>
public sealed class GoogleApiException(int status, string? reason, string message)
    : Exception($"Google answered {status}{(reason is null ? "" : $" {reason}")}: {message}")
{
    public int Status { get; } = status;

    public string? Reason { get; } = reason;

    public bool IsInvalidGrant => Reason == "invalid_grant";

    /// <summary>Waiting helps: Google is overloaded, down, or rate-limiting.</summary>
    public bool IsTransient => Status is 429 or >= 500 || (Status == 403 && Reason is "rateLimitExceeded" or "userRateLimitExceeded");
}
