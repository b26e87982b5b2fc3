using NodaTime;
using NodaTime.TimeZones;

namespace Portal.Worker.Backup;

/// <summary>When the next nightly backup is due: a time of day in a zone, across daylight-saving changes.</summary>
public static class NightlyTime
{
    /// <summary>The first moment strictly after <paramref name="after"/> at which it is <paramref name="at"/> in <paramref name="zone"/>.</summary>
    /// <remarks>
    /// A time the clocks skip (02:30 when they jump from 02:00 to 03:00) comes as late as the jump (03:30); a time
    /// they pass twice comes the first time only.
    /// </remarks>
    public static DateTimeOffset Next(DateTimeOffset after, TimeOnly at, DateTimeZone zone)
    {
        var now = Instant.FromDateTimeOffset(after);
        var time = LocalTime.FromTimeOnly(at);
        for (var day = now.InZone(zone).Date; ; day = day.PlusDays(1))
        {
            var due = (day + time).InZone(zone, Resolvers.LenientResolver).ToInstant();
            if (due > now)
            {
                return due.ToDateTimeOffset();
            }
        }
    }

    /// <summary>The zone of an IANA id; null when the id is unknown.</summary>
    public static DateTimeZone? Zone(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
}
