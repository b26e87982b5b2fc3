using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Core.Availability;

/// <summary>Times the therapist keeps free of sessions: the ones she blocks by hand, and (later) those synced from her calendar.</summary>
public static class BlockedTimes
{
    public const string Manual = "manual";

    /// <summary>A block longer than this is almost surely a typo in a year; a long absence is days off, or several blocks.</summary>
    public static readonly TimeSpan LongestBlock = TimeSpan.FromDays(93);

    /// <summary>What is wrong with a block from <paramref name="start"/> to <paramref name="end"/>, by field; empty when nothing is.</summary>
    public static Dictionary<string, string[]> Check(DateTimeOffset? start, DateTimeOffset? end)
    {
        var errors = new Dictionary<string, string[]>();
        if (start is not { } from || !CalendarBounds.Contains(from))
        {
            errors["start"] = [$"Give the time the block starts. {CalendarBounds.Sentence}"];
        }

        if (end is not { } until || !CalendarBounds.Contains(until))
        {
            errors["end"] = [$"Give the time the block ends. {CalendarBounds.Sentence}"];
        }
        else if (start is { } begins && errors.Count == 0)
        {
            if (until <= begins)
            {
                errors["end"] = ["The block must end after it starts."];
            }
            else if (until - begins > LongestBlock)
            {
                errors["end"] = [$"A block lasts at most {LongestBlock.TotalDays:0} days; for a longer absence add days off or several blocks."];
            }
        }

        return errors;
    }

    /// <summary>Blocks that overlap [<paramref name="from"/>, <paramref name="to"/>), in time order.</summary>
    public static Task<List<BlockedPeriod>> OverlappingAsync(this PortalDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        db.BlockedPeriods.AsNoTracking()
            .Where(b => b.End > from.ToUniversalTime() && b.Start < to.ToUniversalTime())
            .OrderBy(b => b.Start)
            .ToListAsync(cancellationToken);

    /// <summary>Blocks a time by hand; the caller has checked it with <see cref="Check"/>.</summary>
    public static async Task<BlockedPeriod> BlockAsync(this PortalDb db, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var block = new BlockedPeriod { Start = start.ToUniversalTime(), End = end.ToUniversalTime(), Source = Manual };
        db.BlockedPeriods.Add(block);
        await db.SaveChangesAsync(cancellationToken);
        return block;
    }

    /// <summary>Removes a block she made by hand. One synced from a calendar goes away there, or the next sync brings it back.</summary>
    public static async Task<Unblocking> UnblockAsync(this PortalDb db, Guid id, CancellationToken cancellationToken)
    {
        var source = await db.BlockedPeriods.Where(b => b.Id == id).Select(b => b.Source).SingleOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return Unblocking.NotFound;
        }

        if (source != Manual)
        {
            return Unblocking.FromCalendar;
        }

        await db.BlockedPeriods.Where(b => b.Id == id && b.Source == Manual).ExecuteDeleteAsync(cancellationToken);
        return Unblocking.Removed;
    }
}

public enum Unblocking
{
    Removed,
    NotFound,

    /// <summary>Synced from a calendar: it is removed there.</summary>
    FromCalendar,
}
