extern alias Web;
using Web::Portal.Web.Api;
using Web::Portal.Web.Pages.Admin;

namespace Portal.Tests.Pages;

public sealed class CalendarWeekTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("2026-03-02", "2026-03-02")]
    [InlineData("2026-03-08", "2026-03-02")]
    [InlineData("2026-03-04", "2026-03-02")]
    public void A_week_starts_on_its_monday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday), CalendarWeek.MondayOf(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("01/03/2026")]
    [InlineData("0001-01-01")]
    [InlineData("")]
    [InlineData(null)]
    public void A_date_in_the_address_that_is_not_one_is_ignored(string? text) => Assert.Null(CalendarWeek.ParseDay(text));

    [Fact]
    public void The_week_the_clocks_go_forward_is_an_hour_shorter_and_a_skipped_time_lands_after_the_change()
    {
        var week = CalendarWeek.Build(new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 2), null, London, [], [], []);

        Assert.Equal(TimeSpan.FromHours(7 * 24 - 1), week.End - week.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.FromHours(1)), CalendarWeek.At(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), London));
    }

    [Theory]
    [InlineData("2026-10-25", "2026-10-25T23:30", true)] // the clocks go back: a 25-hour day, 23:30 GMT is still today
    [InlineData("2026-10-25", "2026-10-26T00:30", false)]
    [InlineData("2026-03-29", "2026-03-30T00:30", false)] // the clocks go forward: a 23-hour day, 00:30 the next day is not today
    [InlineData("2026-03-29", "2026-03-29T23:30", true)]
    public void The_dashboards_today_ends_at_her_midnight_on_a_day_the_clocks_change(string day, string localStart, bool today)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var local = DateTime.Parse(localStart, System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateTimeOffset(local, London.GetUtcOffset(local));
        var session = new BookingView(Guid.NewGuid(), "online-session", "Therapy session", start, start.AddMinutes(50),
            "Confirmed", "Europe/London", null, "Sam", ClientId: Guid.NewGuid());

        var (todays, upcoming) = Web::Portal.Web.Pages.Admin.IndexModel.TodayAndUpcoming([session], date, London);

        Assert.Equal(today ? [session] : [], todays);
        Assert.Equal(today ? [] : [session], upcoming);
    }

    [Fact]
    public void Each_thing_is_on_its_own_local_day_and_a_long_block_is_clipped_to_each()
    {
        var monday = new DateOnly(2026, 6, 1);
        var lateTuesday = new DateTimeOffset(2026, 6, 2, 22, 30, 0, TimeSpan.Zero); // 23:30 in London (BST)
        var booking = new BookingView(Guid.NewGuid(), "online-session", "Therapy session", lateTuesday, lateTuesday.AddMinutes(50),
            "Confirmed", "Europe/London", null, "Sam", ClientId: Guid.NewGuid());
        var cancelled = booking with { Id = Guid.NewGuid(), Status = "Cancelled" };
        var block = new BlockedPeriodView(Guid.NewGuid(), new DateTimeOffset(2026, 6, 3, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 5, 9, 0, 0, TimeSpan.Zero), "manual", true);
        var dayOff = new AvailabilityExceptionView(Guid.NewGuid(), new DateOnly(2026, 6, 6), "DayOff", null, null, "Away");

        var week = CalendarWeek.Build(monday, new DateOnly(2026, 6, 2), null, London, [booking, cancelled], [block], [dayOff]);

        Assert.True(week.Days[1].IsToday && week.Days[1].IsShown);
        Assert.Equal("23:30–00:20", Assert.Single(week.Days[1].Entries).Times);
        Assert.Equal("From 15:00", Assert.Single(week.Days[2].Entries).Times);
        Assert.Equal("All day", Assert.Single(week.Days[3].Entries).Times);
        Assert.Equal("Until 10:00", Assert.Single(week.Days[4].Entries).Times);
        Assert.True(week.Days[5].IsDayOff);
        Assert.Empty(week.Days[6].Entries);
    }
}
