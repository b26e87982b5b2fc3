using System.Globalization;

namespace Portal.Web.Practice;

/// <summary>Times as a visitor reads them: always with the zone they are in ("Tue 3 Mar, 10:00 (London time)").</summary>
public static class VisitorTime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static readonly string[] CommonZones =
    [
        "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Athens",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
        "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
        "Africa/Johannesburg", "UTC",
    ];

    /// <summary>Every IANA zone a person lives in ("Europe/London"), in order; UTC last. Not the Etc/ and legacy aliases.</summary>
    public static IReadOnlyList<string> AllZones { get; } =
    [
        .. TimeZoneInfo.GetSystemTimeZones()
            .Where(zone => zone.HasIanaId && zone.Id.Contains('/') && !zone.Id.StartsWith("Etc/", StringComparison.Ordinal)
                && char.IsUpper(zone.Id[0]) && zone.Id.Split('/')[0] is "Africa" or "America" or "Antarctica" or "Asia" or "Atlantic"
                    or "Australia" or "Europe" or "Indian" or "Pacific")
            .Select(zone => zone.Id)
            .Order(StringComparer.Ordinal),
        "UTC",
    ];

    /// <summary>An IANA zone id, as the Api takes: Windows ids ("Pacific Standard Time") are found too, and refused.</summary>
    public static bool IsKnownZone(string? zone) =>
        zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && found.HasIanaId;

    /// <summary>"London time", "New York time", "UTC".</summary>
    public static string ZoneName(string zone) =>
        zone == "UTC" ? "UTC" : $"{zone[(zone.LastIndexOf('/') + 1)..].Replace('_', ' ')} time";

    public static string Day(DateOnly date) => date.ToString("dddd d MMMM", English);

    public static string ShortDay(DateOnly date) => date.ToString("ddd d MMM", English);

    public static string Clock(DateTimeOffset time) => time.ToString("HH:mm", English);

    public static string Full(DateTimeOffset time, string zone) =>
        $"{time.ToString("ddd d MMM, HH:mm", English)} ({ZoneName(zone)})";

    /// <summary><see cref="Full"/> for an instant, shown in <paramref name="zone"/>.</summary>
    public static string FullIn(DateTimeOffset time, string zone) =>
        Full(TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(zone)), zone);

    /// <summary>The person's own zone when it is one we know, else <paramref name="fallback"/> (the practice's).</summary>
    public static string ZoneOr(string? zone, string fallback) => IsKnownZone(zone) ? zone! : fallback;

    /// <summary>Morning before 12:00, afternoon before 17:00, evening after.</summary>
    public static string PartOfDay(DateTimeOffset time) => time.Hour switch
    {
        < 12 => "Morning",
        < 17 => "Afternoon",
        _ => "Evening",
    };
}
