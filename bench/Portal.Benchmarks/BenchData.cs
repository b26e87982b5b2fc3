using Microsoft.EntityFrameworkCore;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Benchmarks;

/// <summary>A busy practice: 500 bookings and 2,000 calendar blocks over 30 days, open 07:00–22:00 every day.</summary>
public static class BenchData
{
    public const int Bookings = 500;
    public const int BlockedPeriods = 2000;
    public static readonly string[] MixedTypeSlugs = ["bench-30", "bench-50", "bench-80"];

    public sealed record Slots(string SessionType, string TimeZone, Day[] Days);

    public sealed record Day(string Date, DateTimeOffset[] Starts);

    public static async Task SeedAsync(PortalDb db, DateOnly firstDay)
    {
        var random = new Random(20261124);
        var settings = await db.PracticeSettings.SingleAsync();
        settings.MinimumNotice = TimeSpan.Zero;
        settings.DailySessionCap = null;
        db.WorkingHours.RemoveRange(db.WorkingHours);
        db.WorkingHours.AddRange(Enum.GetValues<DayOfWeek>().Select(day =>
            new WorkingHours { Day = day, Start = new TimeOnly(7, 0), End = new TimeOnly(22, 0) }));
        db.SessionTypes.AddRange(MixedTypeSlugs.Select((slug, i) => new SessionType
        {
            // Discovery calls of other lengths: the only kind guests may book, which the storms are.
            Slug = slug, Name = slug, Description = "Benchmark type.", Currency = "GBP", IsDiscoveryCall = true,
            Duration = TimeSpan.FromMinutes(30 + (20 * i) + (i == 2 ? 10 : 0)), BufferAfter = TimeSpan.FromMinutes(5 * i),
        }));

        var discovery = await db.SessionTypes.SingleAsync(t => t.Slug == SessionTypeSeed.DiscoveryCallSlug);
        var now = DateTimeOffset.UtcNow;
        // Half-hour starts, 30 a day for 30 days; a 20-minute call with its 10-minute buffer fills one exactly.
        var starts = Enumerable.Range(0, 30)
            .SelectMany(day => Enumerable.Range(0, 30).Select(slot =>
                new DateTimeOffset(firstDay.AddDays(day).ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero).AddMinutes(30 * slot)))
            .OrderBy(_ => random.Next())
            .Take(Bookings);
        foreach (var (start, i) in starts.Select((start, i) => (start, i)))
        {
            var client = Client.Register(new ContactDetails($"Client {i}", $"client-{i}@example.com", "+447911123456"), "Europe/London", now);
            db.Bookings.Add(Booking.Confirmed(client, discovery, start, null, now));
        }

        var windowStart = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        db.BlockedPeriods.AddRange(Enumerable.Range(0, BlockedPeriods).Select(i =>
        {
            var start = windowStart.AddMinutes(random.Next(0, 30 * 24 * 60));
            return new BlockedPeriod { Start = start, End = start.AddMinutes(5 + random.Next(0, 40)), Source = "bench", ExternalId = $"block-{i}" };
        }));

        await db.SaveChangesAsync();
    }

    public static object Guest(string sessionType, DateTimeOffset start, string email) => new
    {
        sessionType, start, name = "Storm Guest", email, phone = "07911 123456", timeZone = "Europe/London", privacyConsent = true,
    };

    public static Task<long> CountOverlapsAsync(string connectionString) => Database.CountAsync(connectionString, """
        SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id
        WHERE a.status IN ('PendingPayment', 'Confirmed') AND b.status IN ('PendingPayment', 'Confirmed')
          AND tstzrange(a.occupied_from, a.occupied_until, '[)') && tstzrange(b.occupied_from, b.occupied_until, '[)')
        """);
}
