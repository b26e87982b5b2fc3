using System.Text.Json.Serialization;

namespace Portal.Web.Api;

/// <summary>Every practice setting (<c>GET/PUT api/practice/settings</c>).</summary>
public sealed record PracticeSettingsView(
    string TimeZone,
    int MinimumNoticeMinutes,
    bool NoSameDayBookings,
    int BookingHorizonDays,
    int? DailySessionCap,
    int CancellationWindowHours,
    int SlotStepMinutes,
    string? PracticeName,
    string? TherapistName,
    string? TherapistEmail,
    string? AccentColour,
    string? VideoCallLink,
    string? WelcomeMessage,
    string? Credentials,
    string? Tagline,
    string? Introduction,
    string? ContactEmail);

public sealed record SettingsPreviewView(int UpcomingSessions, string[] Consequences);

public sealed record WorkingHoursView(
    [property: JsonConverter(typeof(JsonStringEnumConverter<DayOfWeek>))] DayOfWeek Day, TimeOnly Start, TimeOnly End);

public sealed record AvailabilityExceptionView(Guid? Id, DateOnly Date, string Kind, TimeOnly? Start, TimeOnly? End, string? Note)
{
    public bool IsDayOff => Kind == "DayOff";
}

public sealed record SessionOutsideHoursView(Guid BookingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string ClientName, string SessionType);

/// <summary>A session type with everything she can change (<c>GET api/session-types/all</c>).</summary>
public sealed record SessionTypeDetailsView(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    string Mode,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    bool IsDiscoveryCall,
    bool RequiresCompletedDiscovery,
    bool IsActive,
    int DisplayOrder,
    int UpcomingSessions);

public sealed record SessionTypeForm(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    string Mode,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    bool RequiresCompletedDiscovery,
    bool IsActive,
    int DisplayOrder);
