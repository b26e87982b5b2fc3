using NodaTime;
using NodaTime.Text;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Practice;

namespace Portal.Tests.Availability;

public sealed class SlotFinderTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];

    // Monday 2 March 2026, 07:00 in London: every test's "now" unless it says otherwise.
    private static readonly Instant MondayMorning = Instant.FromUtc(2026, 3, 2, 7, 0);
    private static readonly LocalDate Monday = new(2026, 3, 2);

    private readonly PracticeSettings settings = new()
    {
        TimeZone = "Europe/London",
        MinimumNotice = TimeSpan.Zero,
        BookingHorizonDays = 120,
        DailySessionCap = null,
        SlotStepMinutes = 30,
    };

    private readonly List<WorkingHours> weekly = WeekdaysNineToFive();
    private readonly List<AvailabilityException> exceptions = [];
    private readonly List<Interval> busy = [];
    private readonly Dictionary<LocalDate, int> sessionsPerDay = [];

    private readonly SessionType session = new()
    {
        Slug = "session", Name = "Session", Description = "", Currency = "GBP",
        Duration = TimeSpan.FromMinutes(50), BufferAfter = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void Offers_every_step_within_working_hours_where_the_whole_session_fits()
    {
        var starts = LocalStarts(Monday, London);

        Assert.Equal(15, starts.Count);
        Assert.Equal("09:00", starts[0]);
        Assert.Equal("16:00", starts[^1]); // 16:30 + 50 min would end after 17:00
    }

    [Fact]
    public void Several_ranges_on_one_day_are_all_offered()
    {
        weekly.RemoveAll(h => h.Day == DayOfWeek.Monday);
        weekly.Add(Hours(DayOfWeek.Monday, 9, 11));
        weekly.Add(Hours(DayOfWeek.Monday, 14, 16));

        Assert.Equal(["09:00", "09:30", "10:00", "14:00", "14:30", "15:00"], LocalStarts(Monday, London));
    }

    [Fact]
    public void Minimum_notice_hides_starts_too_soon_after_now()
    {
        settings.MinimumNotice = TimeSpan.FromHours(4); // now 07:00 → earliest 11:00

        Assert.Equal("11:00", LocalStarts(Monday, London)[0]);
    }

    [Fact]
    public void No_same_day_bookings_means_the_calendar_day_not_24_hours()
    {
        settings.NoSameDayBookings = true;
        var lateEvening = Instant.FromUtc(2026, 3, 2, 22, 0);

        Assert.Empty(LocalStarts(Monday, London, lateEvening));
        // Tuesday 09:00 is only 11 hours away, but it is another day.
        Assert.Equal("09:00", LocalStarts(Monday.PlusDays(1), London, lateEvening)[0]);
    }

    [Fact]
    public void Nothing_is_offered_beyond_the_booking_horizon()
    {
        settings.BookingHorizonDays = 10;

        Assert.NotEmpty(LocalStarts(new LocalDate(2026, 3, 12), London)); // Thursday, day 10
        Assert.Empty(LocalStarts(new LocalDate(2026, 3, 13), London));    // Friday, day 11
    }

    [Fact]
    public void Existing_bookings_with_their_buffers_and_the_new_sessions_buffers_keep_time_free()
    {
        busy.Add(LondonInterval(Monday, "10:00", "11:00")); // a 50-minute booking with 10 minutes after
        session.BufferBefore = TimeSpan.FromMinutes(5);

        var starts = LocalStarts(Monday, London);

        Assert.Contains("09:00", starts);       // 08:55–10:00 ends as the booking's time begins
        Assert.DoesNotContain("09:30", starts);
        Assert.DoesNotContain("10:00", starts);
        Assert.DoesNotContain("11:00", starts); // its 5 minutes before would overlap
        Assert.Contains("11:30", starts);
    }

    [Fact]
    public void Blocked_periods_from_the_calendar_are_respected()
    {
        busy.Add(LondonInterval(Monday, "13:00", "14:00"));

        var starts = LocalStarts(Monday, London);

        Assert.Contains("12:00", starts); // 12:00–13:00 including the buffer: touches, does not overlap
        Assert.DoesNotContain("12:30", starts);
        Assert.DoesNotContain("13:30", starts);
        Assert.Contains("14:00", starts);
    }

    [Fact]
    public void A_full_day_under_the_daily_cap_offers_nothing()
    {
        settings.DailySessionCap = 2;
        sessionsPerDay[Monday] = 2;
        sessionsPerDay[Monday.PlusDays(1)] = 1;

        Assert.Empty(LocalStarts(Monday, London));
        Assert.NotEmpty(LocalStarts(Monday.PlusDays(1), London));
    }

    [Fact]
    public void A_day_off_removes_the_weekly_hours_and_extra_hours_add_to_them()
    {
        var wednesday = new LocalDate(2026, 3, 4);
        var saturday = new LocalDate(2026, 3, 7);
        exceptions.Add(new AvailabilityException { Date = wednesday.ToDateOnly(), Kind = AvailabilityExceptionKind.DayOff });
        exceptions.Add(new AvailabilityException
        {
            Date = saturday.ToDateOnly(), Kind = AvailabilityExceptionKind.ExtraHours,
            Start = new TimeOnly(10, 0), End = new TimeOnly(12, 0),
        });

        Assert.Empty(LocalStarts(wednesday, London));
        Assert.Equal(["10:00", "10:30", "11:00"], LocalStarts(saturday, London));
    }

    [Fact]
    public void London_spring_forward_keeps_nine_oclock_and_skips_the_missing_hour()
    {
        // Clocks go from 01:00 GMT to 02:00 BST on Sunday 29 March 2026.
        var friday = new LocalDate(2026, 3, 27);
        var monday = new LocalDate(2026, 3, 30);
        Assert.Equal(Instant.FromUtc(2026, 3, 27, 9, 0), FirstStart(friday, London));
        Assert.Equal(Instant.FromUtc(2026, 3, 30, 8, 0), FirstStart(monday, London));

        var sunday = new LocalDate(2026, 3, 29);
        ExtraHours(sunday, "00:00", "04:00");
        session.Duration = TimeSpan.FromMinutes(30);
        session.BufferAfter = TimeSpan.Zero;

        // Three real hours: 01:00–02:00 does not exist that night.
        Assert.Equal(["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"], LocalStarts(sunday, London, now: Instant.FromUtc(2026, 3, 1, 0, 0)));
    }

    [Fact]
    public void London_fall_back_offers_the_repeated_hour_twice_as_distinct_instants()
    {
        // Clocks go from 02:00 BST back to 01:00 GMT on Sunday 25 October 2026.
        var sunday = new LocalDate(2026, 10, 25);
        ExtraHours(sunday, "00:00", "03:00");
        session.Duration = TimeSpan.FromMinutes(30);
        session.BufferAfter = TimeSpan.Zero;
        var now = Instant.FromUtc(2026, 10, 1, 0, 0);

        var starts = SlotFinder.Find(session, sunday, sunday, London, Snapshot(), now).Single().Starts;

        Assert.Equal(8, starts.Count); // four real hours
        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30"], starts.Select(Format));
        Assert.Equal(starts.Count, starts.Select(s => s.ToInstant()).Distinct().Count());
        Assert.Equal(Offset.FromHours(1), starts[2].Offset);
        Assert.Equal(Offset.Zero, starts[4].Offset);
    }

    [Fact]
    public void New_York_transitions_keep_local_working_hours()
    {
        settings.TimeZone = "America/New_York";
        var now = Instant.FromUtc(2026, 2, 1, 0, 0);

        // Spring forward Sunday 8 March 2026; fall back Sunday 1 November 2026.
        Assert.Equal(Instant.FromUtc(2026, 3, 6, 14, 0), FirstStart(new LocalDate(2026, 3, 6), NewYork, now));
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 13, 0), FirstStart(new LocalDate(2026, 3, 9), NewYork, now));
        settings.BookingHorizonDays = 365;
        Assert.Equal(Instant.FromUtc(2026, 10, 30, 13, 0), FirstStart(new LocalDate(2026, 10, 30), NewYork, now));
        Assert.Equal(Instant.FromUtc(2026, 11, 2, 14, 0), FirstStart(new LocalDate(2026, 11, 2), NewYork, now));
    }

    [Fact]
    public void A_visitor_abroad_sees_the_same_instants_in_their_own_zone_and_days()
    {
        // 16–27 March 2026: New York is already on summer time, London not yet (4 hours apart, not 5).
        var monday = new LocalDate(2026, 3, 16);
        Assert.Equal("05:00", LocalStarts(monday, NewYork)[0]);
        Assert.Equal("04:00", LocalStarts(new LocalDate(2026, 3, 30), NewYork)[0]);

        // Tokyo is 9 hours ahead of London in March: London's Monday afternoon is Tokyo's Tuesday.
        var tokyoTuesday = SlotFinder.Find(session, new LocalDate(2026, 3, 3), new LocalDate(2026, 3, 3), Tokyo, Snapshot(), MondayMorning).Single();
        Assert.Equal("00:00", Format(tokyoTuesday.Starts[0])); // London Monday 15:00
        Assert.All(tokyoTuesday.Starts, start => Assert.Equal(new LocalDate(2026, 3, 3), start.Date));
    }

    [Fact]
    public void Is_bookable_accepts_an_offered_start_and_refuses_others()
    {
        var snapshot = Snapshot();
        busy.Add(LondonInterval(Monday, "13:00", "14:00"));
        var withBlock = Snapshot();

        Assert.True(SlotFinder.IsBookable(session, LondonInstant(Monday, "09:00"), snapshot, MondayMorning));
        Assert.False(SlotFinder.IsBookable(session, LondonInstant(Monday, "09:10"), snapshot, MondayMorning));
        Assert.False(SlotFinder.IsBookable(session, LondonInstant(Monday, "18:00"), snapshot, MondayMorning));
        Assert.False(SlotFinder.IsBookable(session, LondonInstant(Monday, "13:00"), withBlock, MondayMorning));
    }

    private AvailabilitySnapshot Snapshot() => new(settings, weekly, exceptions, busy, sessionsPerDay);

    private List<string> LocalStarts(LocalDate date, DateTimeZone viewer, Instant? now = null) =>
        SlotFinder.Find(session, date, date, viewer, Snapshot(), now ?? MondayMorning)
            .SelectMany(day => day.Starts)
            .Select(Format)
            .ToList();

    private Instant FirstStart(LocalDate date, DateTimeZone viewer, Instant? now = null) =>
        SlotFinder.Find(session, date, date, viewer, Snapshot(), now ?? MondayMorning).Single().Starts[0].ToInstant();

    private void ExtraHours(LocalDate date, string start, string end) => exceptions.Add(new AvailabilityException
    {
        Date = date.ToDateOnly(), Kind = AvailabilityExceptionKind.ExtraHours,
        Start = TimeOnly.Parse(start), End = TimeOnly.Parse(end),
    });

    private static string Format(ZonedDateTime start) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(start.TimeOfDay);

    private static Instant LondonInstant(LocalDate date, string time) =>
        London.AtStrictly(date + LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(time).Value).ToInstant();

    private static Interval LondonInterval(LocalDate date, string start, string end) =>
        new(LondonInstant(date, start), LondonInstant(date, end));

    private static WorkingHours Hours(DayOfWeek day, int fromHour, int toHour) =>
        new() { Day = day, Start = new TimeOnly(fromHour, 0), End = new TimeOnly(toHour, 0) };

    private static List<WorkingHours> WeekdaysNineToFive() =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => Hours(day, 9, 17))];
}
