using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Availability;
using Portal.Api.Calendar;
using Portal.Tests.Fakes;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Calendar;

/// <summary>Busy times pulled from her Google calendar close the slots clients see; each kind of event does what it should.</summary>
public sealed class CalendarPullTests(GoogleApiFactory api) : IClassFixture<GoogleApiFactory>
{
    private const string Slots = "/api/slots?sessionType=discovery-call&from=2026-03-05&to=2026-03-11&tz=Europe/London";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_then_an_incremental_sync_close_and_open_the_right_slots()
    {
        var therapist = await ConnectReadingAsync(Home);
        var visitor = api.CreateClient();
        var google = api.Google;
        var dentist = google.Put(Home, FakeGoogle.Timed(At(5, 12), At(5, 13)));
        var away = google.Put(Home, FakeGoogle.AllDay(new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 7)));
        google.Put(Home, Marked(FakeGoogle.Timed(At(9, 10), At(9, 11), "Lunch maybe"), e => e["transparency"] = "transparent"));
        google.Put(Home, Marked(FakeGoogle.Timed(At(9, 14), At(9, 15), "Team meeting"), e => e["attendees"] = new JsonArray(
            new JsonObject { ["email"] = FakeGoogle.Account, ["self"] = true, ["responseStatus"] = "declined" })));
        google.Put(Home, Marked(FakeGoogle.Timed(At(10, 10), At(10, 11), "Pat Client: Free discovery call"), e => e["extendedProperties"] =
            new JsonObject { ["private"] = new JsonObject { ["portalBookingId"] = Guid.NewGuid().ToString() } }));
        var before = await StartsAsync(visitor);

        var first = await SyncAsync(therapist);

        Assert.Equal((2, 0, 0), (first.LastSyncAdded, first.LastSyncChanged, first.LastSyncRemoved));
        var afterFull = await StartsAsync(visitor);
        Assert.Contains("2026-03-05T11:30:00+00:00", before);
        Assert.DoesNotContain("2026-03-05T12:00:00+00:00", afterFull);
        Assert.DoesNotContain("2026-03-05T12:30:00+00:00", afterFull);
        Assert.Contains("2026-03-05T13:00:00+00:00", afterFull);
        Assert.Contains(afterFull, s => s.StartsWith("2026-03-05T11:", StringComparison.Ordinal));
        Assert.DoesNotContain(afterFull, s => s.StartsWith("2026-03-06", StringComparison.Ordinal));
        Assert.Contains(before, s => s.StartsWith("2026-03-06", StringComparison.Ordinal));
        Assert.Contains("2026-03-09T10:00:00+00:00", afterFull);
        Assert.Contains("2026-03-09T14:00:00+00:00", afterFull);
        Assert.Contains("2026-03-10T10:00:00+00:00", afterFull);

        google.Put(Home, Marked(FakeGoogle.Timed(At(5, 15), At(5, 16)), e => e["id"] = dentist));
        google.Cancel(Home, away);
        google.Put(Home, FakeGoogle.Timed(At(10, 9), At(10, 10), "Physio"));
        var seen = google.Requests.Count;

        var second = await SyncAsync(therapist);

        Assert.Equal((1, 1, 1), (second.LastSyncAdded, second.LastSyncChanged, second.LastSyncRemoved));
        var list = Assert.Single(google.Requests.Skip(seen), r => r.Path.EndsWith("/events"));
        Assert.Contains("syncToken=", list.Query);
        Assert.DoesNotContain("timeMin", list.Query);
        var afterIncremental = await StartsAsync(visitor);
        Assert.Contains("2026-03-05T12:00:00+00:00", afterIncremental);
        Assert.DoesNotContain("2026-03-05T15:00:00+00:00", afterIncremental);
        Assert.Contains(afterIncremental, s => s.StartsWith("2026-03-06", StringComparison.Ordinal));
        Assert.DoesNotContain("2026-03-10T09:00:00+00:00", afterIncremental);
        Assert.DoesNotContain("2026-03-10T09:30:00+00:00", afterIncremental);

        // She sees them, and cannot remove them by hand.
        var blocks = await therapist.GetFromJsonAsync<BlockedPeriodResponse[]>(
            "/api/availability/blocked-periods?from=2026-03-05T00:00:00Z&to=2026-03-11T00:00:00Z", ct);
        Assert.Equal(2, blocks!.Count(b => b.Source == $"google:{Home}" && !b.Removable));
    }

    [Fact]
    public async Task A_sync_token_Google_no_longer_knows_is_answered_by_a_full_sync()
    {
        var therapist = await ConnectReadingAsync(Salon);
        await SyncAsync(therapist);
        api.Google.Put(Salon, FakeGoogle.Timed(At(11, 15), At(11, 16), "Haircut"));
        api.Google.InvalidateSyncTokens();
        var seen = api.Google.Requests.Count;

        var status = await SyncAsync(therapist);

        var lists = api.Google.Requests.Skip(seen).Where(r => r.Path.EndsWith("/events")).ToList();
        Assert.Equal(2, lists.Count);
        Assert.Contains("syncToken=", lists[0].Query);
        Assert.Contains("timeMin=", lists[1].Query);
        Assert.Null(status.LastError);
        Assert.DoesNotContain("2026-03-11T15:00:00+00:00", await StartsAsync(api.CreateClient(), "2026-03-11"));
        var again = await SyncAsync(therapist);
        Assert.Equal((0, 0, 0), (again.LastSyncAdded, again.LastSyncChanged, again.LastSyncRemoved));
    }

    [Fact]
    public async Task An_error_on_page_3_of_5_changes_nothing_and_says_so_in_words_and_the_next_sync_applies_it_all()
    {
        var therapist = await ConnectReadingAsync("errands@group.calendar.google.com");
        var errands = Enumerable.Range(0, 10).Select(i => api.Google.Put("errands@group.calendar.google.com",
            FakeGoogle.Timed(At(16, 9).AddHours(i % 8).AddDays(i / 8), At(16, 10).AddHours(i % 8).AddDays(i / 8), $"Errand {i}"))).ToList();
        api.Google.PageSize = 2;
        try
        {
            Assert.Equal(10, (await SyncAsync(therapist)).LastSyncAdded);
            var blocksBefore = await BlocksAsync();
            // Every errand moves a day later, and Google wants a full read: five pages, the third of which fails.
            for (var i = 0; i < errands.Count; i++)
            {
                api.Google.Put("errands@group.calendar.google.com", Marked(FakeGoogle.Timed(
                    At(17, 9).AddHours(i % 8).AddDays(i / 8), At(17, 10).AddHours(i % 8).AddDays(i / 8), $"Errand {i}"), e => e["id"] = errands[i]));
            }

            api.Google.InvalidateSyncTokens();
            api.Google.Fail("GET", "/errands", 403, "rateLimitExceeded", times: 1, skip: 3);

            using var failed = await therapist.PostAsync("/api/integrations/google/sync", null, ct);

            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
            Assert.Contains("slow down", await failed.Content.ReadAsStringAsync(ct));
            Assert.Equal(blocksBefore, await BlocksAsync());
            var status = await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct);
            Assert.Contains("last known busy times stay in place", status!.LastError);
            Assert.Equal(10, status.LastSyncAdded);

            var recovered = await SyncAsync(therapist);
            Assert.Equal((0, 10, 0), (recovered.LastSyncAdded, recovered.LastSyncChanged, recovered.LastSyncRemoved));
            Assert.Equal(blocksBefore.Select(b => (b.Item1.AddDays(1), b.Item2.AddDays(1))), await BlocksAsync());
        }
        finally
        {
            api.Google.PageSize = 250;
        }
    }

    [Fact]
    public async Task An_event_beyond_the_first_reads_reach_is_blocked_once_the_days_move_on_to_it()
    {
        var therapist = await ConnectReadingAsync(Far);
        var firstSync = api.Clock.GetUtcNow();
        await using var db = api.OpenDb();
        var horizon = (await db.PracticeSettings.SingleAsync(ct)).BookingHorizonDays;
        // Her summer holiday, in Google long before she connected: three days past what the first read reaches.
        var holiday = firstSync.AddDays(horizon + 4);
        api.Google.Put(Far, FakeGoogle.Timed(holiday, holiday.AddHours(8), "Holiday"));
        try
        {
            await SyncAsync(therapist);
            Assert.Empty(await FarBlocksAsync());

            api.Clock.Advance(TimeSpan.FromDays(5));
            var seen = api.Google.Requests.Count;
            await SyncAsync(therapist);

            Assert.Contains("timeMin=", Assert.Single(api.Google.Requests.Skip(seen), r => r.Path.EndsWith("/events")).Query);
            Assert.Equal([(holiday, holiday.AddHours(8))], await FarBlocksAsync());

            // Within the day, only what changed is read again.
            api.Clock.Advance(TimeSpan.FromHours(23));
            seen = api.Google.Requests.Count;
            await SyncAsync(therapist);
            Assert.Contains("syncToken=", Assert.Single(api.Google.Requests.Skip(seen), r => r.Path.EndsWith("/events")).Query);
            Assert.Equal([(holiday, holiday.AddHours(8))], await FarBlocksAsync());
        }
        finally
        {
            api.Clock.Set(firstSync);
        }

        async Task<List<(DateTimeOffset, DateTimeOffset)>> FarBlocksAsync() =>
            (await db.BlockedPeriods.AsNoTracking().Where(b => b.Source == $"google:{Far}").Select(b => new { b.Start, b.End }).ToListAsync(ct))
            .Select(b => (b.Start, b.End)).ToList();
    }

    [Fact]
    public async Task Raising_the_horizon_reads_her_calendars_whole_at_the_next_sync()
    {
        var therapist = await ConnectReadingAsync(Further);
        var settings = await therapist.GetFromJsonAsync<JsonObject>("/api/practice/settings", ct);
        var horizon = settings!["bookingHorizonDays"]!.GetValue<int>();
        var retreat = api.Clock.GetUtcNow().AddDays(horizon + 10);
        api.Google.Put(Further, FakeGoogle.Timed(retreat, retreat.AddHours(6), "Retreat"));
        await SyncAsync(therapist);
        settings["bookingHorizonDays"] = horizon + 30;
        try
        {
            using (var raised = await therapist.PutAsJsonAsync("/api/practice/settings", settings, ct))
            {
                Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
            }

            var seen = api.Google.Requests.Count;
            await SyncAsync(therapist);

            Assert.Contains("timeMin=", Assert.Single(api.Google.Requests.Skip(seen), r => r.Path.EndsWith("/events")).Query);
            await using var db = api.OpenDb();
            Assert.True(await db.BlockedPeriods.AnyAsync(b => b.Source == $"google:{Further}" && b.Start == retreat, ct));
        }
        finally
        {
            settings["bookingHorizonDays"] = horizon;
            using var restored = await therapist.PutAsJsonAsync("/api/practice/settings", settings, ct);
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        }
    }

    private const string Home = "home@group.calendar.google.com";
    private const string Further = "further@group.calendar.google.com";
    private const string Far = "far@group.calendar.google.com";
    private const string Salon = "salon@group.calendar.google.com";

    /// <summary>She connects and chooses <paramref name="calendarId"/> (a calendar of this test's own) as the one busy calendar.</summary>
    private async Task<HttpClient> ConnectReadingAsync(string calendarId)
    {
        api.Google.AddCalendar(calendarId, calendarId.Split('@')[0], "owner");
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        using var chosen = await therapist.PutAsJsonAsync("/api/integrations/google/calendars",
            new { busyCalendarIds = new[] { calendarId }, destinationCalendarId = "primary" }, ct);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        return therapist;
    }

    private async Task<List<(DateTimeOffset, DateTimeOffset)>> BlocksAsync()
    {
        await using var db = api.OpenDb();
        return (await db.BlockedPeriods.Where(b => b.Source == "google:errands@group.calendar.google.com").OrderBy(b => b.Start)
            .Select(b => new { b.Start, b.End }).ToListAsync(ct)).Select(b => (b.Start, b.End)).ToList();
    }

    private async Task<GoogleStatusResponse> SyncAsync(HttpClient therapist)
    {
        using var response = await therapist.PostAsync("/api/integrations/google/sync", null, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<GoogleStatusResponse>(ct))!;
    }

    private async Task<string[]> StartsAsync(HttpClient visitor, string? day = null)
    {
        var url = day is null ? Slots : $"/api/slots?sessionType=discovery-call&from={day}&to={day}&tz=Europe/London";
        return [.. (await visitor.GetFromJsonAsync<SlotsResponse>(url, ct))!.Days.SelectMany(d => d.Starts)];
    }

    /// <summary>A day of March 2026 at an hour, London (GMT in early March).</summary>
    private static DateTimeOffset At(int day, int hour) => new(2026, 3, day, hour, 0, 0, TimeSpan.Zero);

    private static JsonObject Marked(JsonObject e, Action<JsonObject> change)
    {
        change(e);
        return e;
    }
}
