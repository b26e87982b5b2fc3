extern alias Worker;
using NodaTime;
using Worker::Portal.Worker.Backup;

namespace Portal.Tests.Backup;

public sealed class NightlyTimeTests
{
    private static readonly TimeOnly HalfPastTwo = new(2, 30);
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Theory]
    [InlineData("2026-03-02T01:00:00Z", "2026-03-02T02:30:00Z")] // later tonight
    [InlineData("2026-03-02T02:30:00Z", "2026-03-03T02:30:00Z")] // the moment itself: tomorrow's
    [InlineData("2026-03-02T14:00:00Z", "2026-03-03T02:30:00Z")]
    [InlineData("2026-06-15T00:00:00Z", "2026-06-15T01:30:00Z")] // summer time: 02:30 BST
    public void The_next_backup_is_the_first_half_past_two_in_the_practice_zone_after_now(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), NightlyTime.Next(DateTimeOffset.Parse(now), HalfPastTwo, London));

    [Fact]
    public void On_the_night_the_clocks_skip_half_past_two_the_backup_comes_as_late_as_the_jump()
    {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST; 02:30 does not exist, 03:30 CEST is 01:30 UTC.
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:30:00Z"),
            NightlyTime.Next(DateTimeOffset.Parse("2026-03-28T23:00:00Z"), HalfPastTwo, Berlin));
    }

    [Fact]
    public void On_the_night_the_clocks_pass_a_time_twice_the_backup_comes_once()
    {
        // London, 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens at 00:30 and at 01:30 UTC.
        var first = NightlyTime.Next(DateTimeOffset.Parse("2026-10-24T23:00:00Z"), new TimeOnly(1, 30), London);
        var second = NightlyTime.Next(first, new TimeOnly(1, 30), London);

        Assert.Equal(DateTimeOffset.Parse("2026-10-25T00:30:00Z"), first);
        Assert.Equal(DateTimeOffset.Parse("2026-10-26T01:30:00Z"), second);
    }

    [Fact]
    public void An_unknown_zone_is_no_zone() => Assert.Null(NightlyTime.Zone("Europe/Atlantis"));
}
