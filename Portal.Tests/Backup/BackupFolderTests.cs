extern alias Worker;
using Worker::Portal.Worker.Backup;

namespace Portal.Tests.Backup;

/// <summary>The folder of nightly archives: only complete archives count, the newest N stay.</summary>
public sealed class BackupFolderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 2, 31, 0, TimeSpan.Zero);
    private readonly DirectoryInfo path = Directory.CreateTempSubdirectory("portal-tests-backups-");

    [Fact]
    public void Keeping_the_newest_three_deletes_the_older_archives_and_nothing_else()
    {
        var nights = Enumerable.Range(0, 6).Select(day => Now.AddDays(-day).AddMinutes(-1)).ToList();
        nights.ForEach(night => Touch(BackupFolder.NameFor(night)));
        Touch("notes.txt");
        var folder = new BackupFolder(path.FullName);

        var deleted = folder.KeepNewest(3, Now);

        Assert.Equal(nights[3..].Select(BackupFolder.NameFor), deleted.Select(Path.GetFileName));
        Assert.Equal(nights[..3], folder.Archives().Select(archive => archive.MadeAt));
        Assert.True(File.Exists(Path.Combine(path.FullName, "notes.txt")));
    }

    [Fact]
    public void An_archive_still_being_written_never_counts_and_is_cleared_away_only_when_long_abandoned()
    {
        var folder = new BackupFolder(path.FullName);
        var tonight = BackupFolder.NameFor(Now);
        var abandoned = BackupFolder.NameFor(Now.AddDays(-3));
        Touch(Path.GetFileName(folder.InProgress(tonight, "partial")));
        Touch(Path.GetFileName(folder.InProgress(abandoned, "partial")), Now.AddDays(-3));
        Directory.CreateDirectory(folder.InProgress(abandoned, "work"));
        Directory.SetLastWriteTimeUtc(folder.InProgress(abandoned, "work"), Now.AddDays(-3).UtcDateTime);

        Assert.Empty(folder.Archives());
        folder.KeepNewest(14, Now);

        Assert.Equal([Path.GetFileName(folder.InProgress(tonight, "partial"))], path.EnumerateFileSystemInfos().Select(entry => entry.Name));
    }

    [Fact]
    public void Archives_are_named_by_their_UTC_time() =>
        Assert.Equal("practice-backup-20260329-013000.tar.gz", BackupFolder.NameFor(DateTimeOffset.Parse("2026-03-29T03:30:00+02:00")));

    private void Touch(string name, DateTimeOffset? at = null)
    {
        var file = Path.Combine(path.FullName, name);
        File.WriteAllText(file, name);
        File.SetLastWriteTimeUtc(file, (at ?? Now).UtcDateTime);
    }

    public void Dispose() => path.Delete(recursive: true);
}
