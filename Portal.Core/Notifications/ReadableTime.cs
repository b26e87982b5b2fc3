using System.Globalization;
using NodaTime;

namespace Portal.Core.Notifications;

/// <summary>Times as a person reads them, always with their zone: "Tuesday 3 March, 10:00 (London time)".</summary>
public static class ReadableTime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"London time", "New York time", "UTC".</summary>
    public static string ZoneName(string zone) =>
        zone == "UTC" ? "UTC" : $"{zone[(zone.LastIndexOf('/') + 1)..].Replace('_', ' ')} time";

    public static DateTimeOffset InZone(DateTimeOffset time, string zone)
    {
        var tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? DateTimeZone.Utc;
        return Instant.FromDateTimeOffset(time).InZone(tz).ToDateTimeOffset();
    }

    /// <summary>"Tuesday 3 March 2026, 10:00 (London time)".</summary>
    public static string Full(DateTimeOffset time, string zone) =>
        $"{InZone(time, zone).ToString("dddd d MMMM yyyy, HH:mm", English)} ({ZoneName(zone)})";

    /// <summary>"Tue 3 Mar, 10:00 (London time)".</summary>
    public static string Short(DateTimeOffset time, string zone) =>
        $"{InZone(time, zone).ToString("ddd d MMM, HH:mm", English)} ({ZoneName(zone)})";
}
