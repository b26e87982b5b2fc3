using NodaTime;

namespace Portal.Core.Waitlist;

/// <summary>The parts of the day a client can wait for, in their own time zone; the same split as the slot picker's.</summary>
[Flags]
public enum PartsOfDay
{
    None = 0,
    /// <summary>Starts before 12:00.</summary>
    Morning = 1,
    /// <summary>Starts from 12:00 to before 17:00.</summary>
    Afternoon = 2,
    /// <summary>Starts from 17:00.</summary>
    Evening = 4,
    Any = Morning | Afternoon | Evening,
}

public static class PartsOfDayExtensions
{
    public static PartsOfDay PartOf(LocalTime start) => start.Hour switch
    {
        < 12 => PartsOfDay.Morning,
        < 17 => PartsOfDay.Afternoon,
        _ => PartsOfDay.Evening,
    };

    public static bool Includes(this PartsOfDay parts, LocalTime start) => (parts & PartOf(start)) != 0;

    /// <summary>Reads "morning", "afternoon", "evening" (any case); null when a name is unknown or none is given.</summary>
    public static PartsOfDay? Read(IEnumerable<string>? names)
    {
        var parts = PartsOfDay.None;
        foreach (var name in names ?? [])
        {
            if (!Enum.TryParse<PartsOfDay>(name?.Trim(), ignoreCase: true, out var part) || part is PartsOfDay.None or PartsOfDay.Any
                || !Enum.IsDefined(part))
            {
                return null;
            }

            parts |= part;
        }

        return parts == PartsOfDay.None ? null : parts;
    }

    public static string[] Names(this PartsOfDay parts) =>
        [.. new[] { PartsOfDay.Morning, PartsOfDay.Afternoon, PartsOfDay.Evening }.Where(p => parts.HasFlag(p)).Select(p => p.ToString().ToLowerInvariant())];
}
