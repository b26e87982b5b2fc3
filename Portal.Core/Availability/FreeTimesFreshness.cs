using NodaTime;
using Portal.Core.Practice;

namespace Portal.Core.Availability;

/// <summary>How long free times found now stay the free times, as long as the calendar does not change.</summary>
public static class FreeTimesFreshness
{
    /// <summary>
    /// Until the first time offered comes within the minimum notice, or the practice's day turns (the booking horizon
    /// and the same-day rule move with it), whichever is sooner. Time alone never adds a start: one too soon stays too soon.
    /// </summary>
    public static Instant FreshUntil(IReadOnlyList<SlotDay> days, PracticeSettings settings, DateTimeZone practiceZone, Instant now)
    {
        var tomorrow = practiceZone.AtStartOfDay(now.InZone(practiceZone).Date.PlusDays(1)).ToInstant();
        var first = days.SelectMany(day => day.Starts).Select(start => start.ToInstant()).DefaultIfEmpty(Instant.MaxValue).Min();
        var firstTooSoon = first == Instant.MaxValue ? Instant.MaxValue : first - Duration.FromTimeSpan(settings.MinimumNotice);
        return Instant.Min(tomorrow, firstTooSoon);
    }
}
