extern alias Worker;
using Microsoft.Extensions.Time.Testing;
using Portal.Tests.Infrastructure;
using Worker::Portal.Worker.Backup;

namespace Portal.Tests.Backup;

/// <summary>The Worker's nightly backup: at half past two in the practice's zone, the newest N kept, one per night.</summary>
public sealed class BackupScheduleTests(TestServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Monday 2 March 2026, 01:00 in London (GMT).</summary>
    private static readonly DateTimeOffset Night = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_night_at_half_past_two_practice_time_the_Worker_backs_up_and_keeps_the_newest_two()
    {
        await using var practice = new BackupScenario(servers, await servers.Databases.CreateMigratedAsync(ct));
        await practice.CreateDirectusAsync();
        var folder = new BackupFolder(practice.BackupsPath);
        Directory.CreateDirectory(folder.Path);
        foreach (var daysAgo in new[] { 3, 2, 1 })
        {
            await File.WriteAllTextAsync(Path.Combine(folder.Path, BackupFolder.NameFor(Night.AddDays(-daysAgo).AddMinutes(90))), "", ct);
        }

        var clock = new FakeTimeProvider(Night);
        var schedule = practice.Schedule(clock, keep: 2);
        await schedule.StartAsync(ct);

        clock.Advance(TimeSpan.FromMinutes(89) + TimeSpan.FromSeconds(59));
        await Task.Delay(500, ct);
        Assert.Equal(3, folder.Archives().Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Names(folder) is ["practice-backup-20260302-023000.tar.gz", "practice-backup-20260301-023000.tar.gz"],
            Patience, "The backup of 02:30 was not made, or the older ones not deleted");

        clock.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(() => Names(folder) is ["practice-backup-20260303-023000.tar.gz", "practice-backup-20260302-023000.tar.gz"],
            Patience, "The next night's backup was not made");
        await schedule.StopAsync(ct);
    }

    [Fact]
    public async Task Two_Workers_at_the_same_night_make_one_archive()
    {
        await using var practice = new BackupScenario(servers, await servers.Databases.CreateMigratedAsync(ct));
        await practice.CreateDirectusAsync();
        var night = Night.AddMinutes(90);
        var one = practice.Schedule(new FakeTimeProvider(night), keep: 14);
        var other = practice.Schedule(new FakeTimeProvider(night.AddSeconds(1)), keep: 14);

        await Task.WhenAll(one.MakeTheNightsBackupAsync(night, ct), other.MakeTheNightsBackupAsync(night, ct));
        await other.MakeTheNightsBackupAsync(night, ct);

        Assert.Single(new BackupFolder(practice.BackupsPath).Archives());
    }

    private static string[] Names(BackupFolder folder) => folder.Archives().Select(archive => Path.GetFileName(archive.File)).ToArray();
}
