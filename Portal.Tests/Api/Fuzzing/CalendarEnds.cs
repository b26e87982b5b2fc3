using System.Globalization;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>
/// Moves every date and every instant of a request together to the start or the end of the calendar: their order
/// and distance stay, so "to after from" and "at most 62 days" still pass and what lies behind those checks meets
/// 0001-01-01 and 9999-12-31.
/// </summary>
public static class CalendarEnds
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private static readonly DateTimeOffset FirstInstant = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastInstant = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <returns>For each end, the moved value of each date or instant among <paramref name="values"/>.</returns>
    public static IEnumerable<(string Kind, IReadOnlyDictionary<string, string> Moved)> Moves(IEnumerable<string> values)
    {
        var dates = values.Distinct().Select(v => (Text: v, Date: AsDate(v))).Where(v => v.Date is not null).ToList();
        var instants = values.Distinct().Select(v => (Text: v, Instant: AsInstant(v))).Where(v => v.Instant is not null).ToList();
        if (dates.Count + instants.Count == 0)
        {
            yield break;
        }

        foreach (var toEnd in new[] { false, true })
        {
            var days = dates.Count == 0 ? 0
                : toEnd ? DateOnly.MaxValue.DayNumber - dates.Max(d => d.Date!.Value.DayNumber)
                : DateOnly.MinValue.DayNumber - dates.Min(d => d.Date!.Value.DayNumber);
            var shift = instants.Count == 0 ? TimeSpan.Zero
                : toEnd ? LastInstant - instants.Max(i => i.Instant!.Value)
                : FirstInstant - instants.Min(i => i.Instant!.Value);
            var moved = dates.ToDictionary(d => d.Text, d => d.Date!.Value.AddDays(days).ToString(DateFormat, CultureInfo.InvariantCulture))
                .Concat(instants.ToDictionary(i => i.Text, i => (i.Instant!.Value + shift).ToString(InstantFormat, CultureInfo.InvariantCulture)))
                .ToDictionary();
            yield return ($"every date and instant moved together to the {(toEnd ? "end" : "start")} of the calendar", moved);
        }
    }

    private static DateOnly? AsDate(string value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DateTimeOffset? AsInstant(string value) =>
        value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
}
