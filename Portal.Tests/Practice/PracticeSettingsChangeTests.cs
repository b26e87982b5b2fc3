using Portal.Core.Practice;

namespace Portal.Tests.Practice;

/// <summary>The rules a settings change keeps, and how its meaning for booked sessions is told.</summary>
public sealed class PracticeSettingsChangeTests
{
    private static readonly PracticeSettingsChange Valid = new("Europe/London", 720, false, 120, 6, 24, 30);

    [Fact]
    public void Sensible_settings_pass()
    {
        Assert.Empty(Valid.Validate());
        Assert.Empty((Valid with { AccentColour = "#A1b2C3", ContactEmail = "", VideoCallLink = "https://meet.example/x" }).Validate());
    }

    [Fact]
    public void Each_unusable_value_is_named_by_its_field()
    {
        var errors = (Valid with
        {
            TimeZone = "Pacific Standard Time",
            MinimumNoticeMinutes = -1,
            BookingHorizonDays = 0,
            DailySessionCap = 0,
            CancellationWindowHours = 24 * 15,
            SlotStepMinutes = 1,
            PracticeName = "  ",
            AccentColour = "#abc",
            ContactEmail = "Anna <anna@example.com>",
            Tagline = new string('x', 201),
            VideoCallLink = "http://meet.example",
        }).Validate();

        Assert.Equal(
            ["accentColour", "bookingHorizonDays", "cancellationWindowHours", "contactEmail", "dailySessionCap", "minimumNoticeMinutes",
                "practiceName", "slotStepMinutes", "tagline", "timeZone", "videoCallLink"],
            errors.Keys.Order());
    }

    [Theory]
    [InlineData("#3f6b5c", true)]
    [InlineData("#3F6B5C", true)]
    [InlineData("3f6b5c", false)]
    [InlineData("#3f6b5", false)]
    [InlineData("red", false)]
    [InlineData("#3f6b5c;}", false)]
    public void One_rule_for_the_accent_colour(string colour, bool valid) => Assert.Equal(valid, PracticeColour.IsValid(colour));

    [Fact]
    public void Nothing_is_said_when_no_session_is_booked_or_nothing_that_touches_them_changes()
    {
        var current = new PracticeSettings();

        Assert.Empty((Valid with { TimeZone = "Europe/Paris" }).ConsequencesFor(current, upcomingSessions: 0));
        Assert.Empty((Valid with { PracticeName = "Another name" }).ConsequencesFor(current, upcomingSessions: 3));
    }

    [Fact]
    public void A_shorter_notice_tells_how_many_sessions_keep_their_times_and_the_new_notice()
    {
        var consequences = (Valid with { MinimumNoticeMinutes = 60 * 48 }).ConsequencesFor(new PracticeSettings(), upcomingSessions: 1);

        Assert.Equal(["1 upcoming session keeps its time; new bookings must be made at least 2 days ahead (until now: 12 hours)."], consequences);
    }
}
