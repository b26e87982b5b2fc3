namespace Portal.Core.Availability;

/// <summary>A weekly range of practice-local time when sessions can take place; a day may have several.</summary>
public sealed class WorkingHours
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public DayOfWeek Day { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }
}

public enum AvailabilityExceptionKind
{
    /// <summary>No sessions on this date, whatever the weekly hours say.</summary>
    DayOff,

    /// <summary>Hours on this date in addition to the weekly ones.</summary>
    ExtraHours,
}

/// <summary>A change to the weekly hours on one practice-local date.</summary>
public sealed class AvailabilityException
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public DateOnly Date { get; set; }

    public AvailabilityExceptionKind Kind { get; set; }

    /// <summary>With <see cref="AvailabilityExceptionKind.ExtraHours"/>: the range; null for a day off.</summary>
    public TimeOnly? Start { get; set; }

    public TimeOnly? End { get; set; }

    public string? Note { get; set; }
}

/// <summary>A span of time when the therapist is busy (set by hand, or synced from Google Calendar).</summary>
public sealed class BlockedPeriod
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    /// <summary>Where it came from: <c>manual</c>, or the calendar it was synced from.</summary>
    public string Source { get; set; } = "manual";

    /// <summary>The id in the source calendar, so a sync can update or remove it.</summary>
    public string? ExternalId { get; set; }
}
