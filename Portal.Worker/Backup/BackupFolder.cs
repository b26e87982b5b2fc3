using System.Globalization;

namespace Portal.Worker.Backup;

/// <summary>
/// A folder of dated archives, <c>practice-backup-yyyyMMdd-HHmmss.tar.gz</c> (UTC). Archives are written under a
/// hidden name first and renamed when complete, so a half-written one never counts as a backup.
/// </summary>
public sealed class BackupFolder(string path)
{
    private const string Prefix = "practice-backup-";
    private const string Extension = ".tar.gz";
    private const string Stamp = "yyyyMMdd-HHmmss";

    /// <summary>Leftovers of a backup that was killed midway are removed once surely nobody writes them.</summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromDays(1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static string NameFor(DateTimeOffset madeAt) =>
        Prefix + madeAt.UtcDateTime.ToString(Stamp, CultureInfo.InvariantCulture) + Extension;

    /// <summary>Where an archive (or its working files) is written before it is complete: hidden, never listed.</summary>
    public string InProgress(string archiveName, string suffix) => System.IO.Path.Combine(Path, $".{archiveName}.{suffix}");

    /// <summary>The complete archives, newest first.</summary>
    public IReadOnlyList<(string File, DateTimeOffset MadeAt)> Archives()
    {
        if (!Directory.Exists(Path))
        {
            return [];
        }

        return Directory.EnumerateFiles(Path, Prefix + "*" + Extension)
            .Select(file => (File: file, MadeAt: MadeAt(System.IO.Path.GetFileName(file))))
            .Where(archive => archive.MadeAt is not null)
            .Select(archive => (archive.File, archive.MadeAt!.Value))
            .OrderByDescending(archive => archive.Item2)
            .ToList();
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> archives, and old leftovers of interrupted backups.</summary>
    /// <returns>The archives deleted.</returns>
    public IReadOnlyList<string> KeepNewest(int keep, DateTimeOffset now)
    {
        var deleted = Archives().Skip(Math.Max(keep, 1)).Select(archive => archive.File).ToList();
        deleted.ForEach(File.Delete);

        foreach (var leftover in new DirectoryInfo(Path).EnumerateFileSystemInfos("." + Prefix + "*"))
        {
            if (now - leftover.LastWriteTimeUtc > LeftoverAge)
            {
                if (leftover is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    leftover.Delete();
                }
            }
        }

        return deleted;
    }

    private static DateTimeOffset? MadeAt(string fileName) =>
        DateTime.TryParseExact(fileName[Prefix.Length..^Extension.Length], Stamp, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var madeAt)
            ? new DateTimeOffset(madeAt, TimeSpan.Zero)
            : null;
}
