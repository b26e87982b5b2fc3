namespace Portal.Core.Availability;

/// <summary>The rules a week of working hours keeps.</summary>
public static class WeeklyHoursRules
{
    /// <summary>What is wrong with these ranges, by field; empty when they can be saved.</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyCollection<WorkingHours> hours)
    {
        var errors = new Dictionary<string, string[]>();
        if (hours.Any(h => !Enum.IsDefined(h.Day)))
        {
            errors["hours"] = ["Each range needs a day of the week."];
        }
        else if (hours.Any(h => h.Start >= h.End))
        {
            errors["hours"] = ["Each range must start before it ends (ranges cannot cross midnight)."];
        }
        else if (hours.GroupBy(h => h.Day).Any(day => day.OrderBy(h => h.Start).Zip(day.OrderBy(h => h.Start).Skip(1)).Any(p => p.First.End > p.Second.Start)))
        {
            errors["hours"] = ["Ranges on the same day must not overlap."];
        }

        return errors;
    }
}

/// <summary>The rules a day off or a date's extra hours keep.</summary>
public static class AvailabilityExceptionRules
{
    public static Dictionary<string, string[]> Validate(DateOnly date, AvailabilityExceptionKind kind, TimeOnly? start, TimeOnly? end, string? note)
    {
        var errors = new Dictionary<string, string[]>();
        // A missing date binds as 0001-01-01: refuse it rather than store a day off two thousand years ago.
        if (date.Year is < 2000 or > 2100 || !Enum.IsDefined(kind))
        {
            errors["date"] = ["Give the date (yyyy-mm-dd) and whether it is a day off or extra hours."];
            return errors;
        }

        if (note?.Length > 200)
        {
            errors["note"] = ["Keep the note under 200 characters."];
        }

        var extra = kind == AvailabilityExceptionKind.ExtraHours;
        if (extra ? start is null || end is null || start >= end : start is not null || end is not null)
        {
            errors["start"] = [extra ? "Extra hours need a start before their end." : "A day off has no start or end."];
        }

        return errors;
    }
}
