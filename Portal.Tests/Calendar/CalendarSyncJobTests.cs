extern alias Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Calendar;
using Portal.Tests.Fakes;
using Worker::Portal.Worker.Calendar;

namespace Portal.Tests.Calendar;

/// <summary>
/// The Worker's sync job: replicas take turns (a PostgreSQL advisory lock), never reading Google at the same time, and
/// read once an interval between them.
/// </summary>
public sealed class CalendarSyncJobTests(GoogleApiFactory api) : IClassFixture<GoogleApiFactory>
{
    [Fact]
    public async Task Two_Worker_instances_never_sync_at_the_same_time()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        api.Google.Put("primary", FakeGoogle.Timed(new(2026, 3, 5, 12, 0, 0, TimeSpan.Zero), new(2026, 3, 5, 13, 0, 0, TimeSpan.Zero)));
        api.Google.ListDelay = TimeSpan.FromMilliseconds(300);
        api.Clock.Advance(TimeSpan.FromMinutes(8)); // past a read another test of the class made (a round skips within half an interval)
        await using var first = api.Worker();
        await using var second = api.Worker();
        var jobs = new[] { Job(first), Job(second), Job(first), Job(second) };

        var outcomes = await Task.WhenAll(jobs.Select(job => Task.Run(() => job.SyncOnceAsync(TestContext.Current.CancellationToken))));

        Assert.Equal(1, api.Google.MostListsAtOnce);
        Assert.Contains(outcomes, o => o.Kind == "synced");
        Assert.Contains(outcomes, o => o.Kind is "busy" or "read-recently");
        Assert.DoesNotContain(outcomes, o => o.Kind is not ("synced" or "busy" or "read-recently"));
        await using var db = api.OpenDb();
        Assert.Single(db.BlockedPeriods.Where(b => b.Source == "google:primary"));
    }

    [Fact]
    public async Task A_replica_whose_round_comes_soon_after_a_read_skips_it_so_her_calendars_are_read_once_an_interval()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        await using var first = api.Worker();
        await using var second = api.Worker();
        using var read = await therapist.PostAsync("/api/integrations/google/sync", null, TestContext.Current.CancellationToken);
        read.EnsureSuccessStatusCode();
        var lists = Lists();

        // Seven minutes after a read (half the 15-minute interval is 7.5): not again, whoever asks.
        api.Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal("read-recently", (await Job(first).SyncOnceAsync(TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(lists, Lists());

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("synced", (await Job(second).SyncOnceAsync(TestContext.Current.CancellationToken)).Kind);
        Assert.True(Lists() > lists, "her calendars were not read");
        Assert.Equal("read-recently", (await Job(first).SyncOnceAsync(TestContext.Current.CancellationToken)).Kind);
    }

    [Fact]
    public async Task The_interval_is_a_setting_of_15_minutes_by_default()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), new CalendarOptions().SyncInterval);
        await using var worker = api.Worker(new Dictionary<string, string?> { ["Calendar:SyncInterval"] = "00:05:00" });
        Assert.Equal(TimeSpan.FromMinutes(5), worker.Services.GetRequiredService<IOptions<CalendarOptions>>().Value.SyncInterval);
    }

    private int Lists() => api.Google.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/events", StringComparison.Ordinal));

    private CalendarSyncJob Job(Infrastructure.TestWorker worker) => new(
        worker.Services.GetRequiredService<IServiceScopeFactory>(), worker.Services.GetRequiredService<IOptions<CalendarOptions>>(),
        api.Clock, NullLogger<CalendarSyncJob>.Instance);
}
