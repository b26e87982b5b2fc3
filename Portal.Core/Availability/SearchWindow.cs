using NodaTime;
using Portal.Core.Practice;

namespace Portal.Core.Availability;

/// <summary>
/// The part of a visitor's requested days that can hold a bookable time: from yesterday (the practice's today may be
/// a day behind the visitor's) to the booking horizon (a day ahead, for the same reason). Searches are clamped to it
/// before anything is read or cached, so no choice of dates makes the database or the cache do more.
/// </summary>
public sealed record SearchWindow(LocalDate FirstDay, LocalDate LastDay)
{
    /// <returns>Null when none of the requested days can hold a bookable time.</returns>
    public static SearchWindow? Clamp(LocalDate from, LocalDate to, DateTimeZone viewerZone, Instant now, int horizonDays)
    {
        var today = now.InZone(viewerZone).Date;
        var first = LocalDate.Max(from, today.PlusDays(-1));
        var last = LocalDate.Min(to, today.PlusDays(horizonDays + 1));
        return first <= last ? new SearchWindow(first, last) : null;
    }

    /// <summary>Before the practice's settings are read: the longest horizon any practice may set.</summary>
    public static SearchWindow? Clamp(LocalDate from, LocalDate to, DateTimeZone viewerZone, Instant now) =>
        Clamp(from, to, viewerZone, now, PracticeSettings.MaxBookingHorizonDays);

    public SearchWindow? Clamp(DateTimeZone viewerZone, Instant now, int horizonDays) =>
        Clamp(FirstDay, LastDay, viewerZone, now, horizonDays);

    public Interval InstantsIn(DateTimeZone viewerZone) =>
        new(viewerZone.AtStartOfDay(FirstDay).ToInstant(), viewerZone.AtStartOfDay(LastDay.PlusDays(1)).ToInstant());
}
