using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Worker.Backup;

/// <summary>
/// Restores an archive of <see cref="PracticeBackup"/> into empty places only: the portal and Directus databases
/// (created when missing, refused when they have tables) and an empty uploads folder. Everything is checked before
/// anything is written, so a refused restore changes nothing.
/// </summary>
public sealed partial class PracticeRestore(
    IConfiguration configuration,
    IOptions<BackupOptions> options,
    ILogger<PracticeRestore> logger)
{
    public async Task<BackupManifest> RestoreAsync(string archivePath, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var manifest = await ReadManifestAsync(tar, archivePath, cancellationToken);
        var targets = await CheckTargetsAsync(manifest, cancellationToken);

        var work = Directory.CreateTempSubdirectory("practice-restore-");
        var staging = targets.Uploads is null ? null : StagingFolderFor(targets.Uploads);
        try
        {
            if (staging is not null)
            {
                Directory.CreateDirectory(staging);
            }

            await ExtractAsync(tar, manifest, work.FullName, staging, cancellationToken);

            var programs = new PostgresPrograms(options.Value.PostgresBinPath);
            await RestoreDatabaseAsync(programs, targets.Portal, Path.Combine(work.FullName, manifest.Portal.Entry), cancellationToken);
            if (manifest.Directus is { } directus)
            {
                await RestoreDatabaseAsync(programs, targets.Directus!, Path.Combine(work.FullName, directus.Entry), cancellationToken);
            }

            if (staging is not null)
            {
                MoveInto(staging, targets.Uploads!);
            }
        }
        finally
        {
            work.Delete(recursive: true);
            if (staging is not null && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        CompareMigration(manifest.PortalMigration);
        LogRestored(archivePath, manifest.MadeAt);
        return manifest;
    }

    private static async Task<BackupManifest> ReadManifestAsync(TarReader tar, string archivePath, CancellationToken cancellationToken)
    {
        var first = await tar.GetNextEntryAsync(copyData: false, cancellationToken);
        if (first is not { Name: BackupManifest.EntryName, DataStream: not null })
        {
            throw new RestoreRefusedException($"{archivePath} is not a practice backup: it does not start with {BackupManifest.EntryName}.");
        }

        var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(first.DataStream, BackupManifest.Json, cancellationToken)
            ?? throw new RestoreRefusedException($"{archivePath} has an empty {BackupManifest.EntryName}.");
        return manifest.Format == BackupManifest.CurrentFormat
            ? manifest
            : throw new RestoreRefusedException(
                $"{archivePath} is in backup format {manifest.Format}; this Portal ({BackupManifest.RunningPortalVersion}) reads format {BackupManifest.CurrentFormat}.");
    }

    private sealed record Targets(string Portal, string? Directus, string? Uploads);

    private async Task<Targets> CheckTargetsAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        var portal = configuration.GetConnectionString(PortalDbRegistration.ConnectionName)
            ?? throw new RestoreRefusedException($"There is no ConnectionStrings:{PortalDbRegistration.ConnectionName} to restore into.");
        var directus = configuration.GetConnectionString(PracticeBackup.DirectusConnectionName);
        var uploads = options.Value.DirectusUploadsPath;
        if (manifest.Directus is not null && string.IsNullOrWhiteSpace(directus))
        {
            throw new RestoreRefusedException(
                $"The archive holds the Directus database, but there is no ConnectionStrings:{PracticeBackup.DirectusConnectionName} to restore it into.");
        }

        if (manifest.DirectusUploads is not null && string.IsNullOrWhiteSpace(uploads))
        {
            throw new RestoreRefusedException(
                $"The archive holds Directus's uploads, but there is no {BackupOptions.Section}:{nameof(BackupOptions.DirectusUploadsPath)} to restore them into.");
        }

        await RefuseUnlessEmptyAsync(portal, cancellationToken);
        if (manifest.Directus is not null)
        {
            await RefuseUnlessEmptyAsync(directus!, cancellationToken);
        }

        if (manifest.DirectusUploads is not null && Directory.Exists(uploads) && Directory.EnumerateFileSystemEntries(uploads).Any())
        {
            throw new RestoreRefusedException($"The uploads folder {uploads} is not empty: restore only into an empty one.");
        }

        return new Targets(portal, manifest.Directus is null ? null : directus, manifest.DirectusUploads is null ? null : uploads);
    }

    private static async Task RefuseUnlessEmptyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var tables = await PostgresDatabase.EnsureExistsAndCountTablesAsync(connectionString, cancellationToken);
        if (tables > 0)
        {
            throw new RestoreRefusedException(
                $"The database {PostgresDatabase.NameOf(connectionString)} has {tables} table(s): restore only into an empty database.");
        }
    }

    /// <summary>Beside the uploads folder, on the same disk: the files move into place only once the databases are back.</summary>
    private static string StagingFolderFor(string uploads)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uploads));
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.restoring-{Guid.NewGuid():N}");
    }

    private async Task ExtractAsync(TarReader tar, BackupManifest manifest, string workPath, string? staging, CancellationToken cancellationToken)
    {
        string[] dumps = [manifest.Portal.Entry, .. manifest.Directus is { } directus ? [directus.Entry] : Array.Empty<string>()];
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (dumps.Contains(entry.Name))
            {
                await entry.ExtractToFileAsync(Path.Combine(workPath, entry.Name), overwrite: false, cancellationToken);
            }
            else if (staging is not null && manifest.DirectusUploads is { } prefix && entry.Name.StartsWith(prefix, StringComparison.Ordinal)
                && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                var path = InsideOrRefuse(staging, entry.Name[prefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await entry.ExtractToFileAsync(path, overwrite: false, cancellationToken);
            }
            else
            {
                LogSkippedEntry(entry.Name);
            }
        }

        if (dumps.FirstOrDefault(dump => !File.Exists(Path.Combine(workPath, dump))) is { } missing)
        {
            throw new RestoreRefusedException($"The archive's manifest names {missing}, but the archive does not hold it.");
        }
    }

    private static string InsideOrRefuse(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(root, relative));
        return path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new RestoreRefusedException($"The archive's entry {relative} points outside the uploads folder.");
    }

    // Roles belong to the server, not to a database: the restored objects belong to whoever restores them.
    private static Task RestoreDatabaseAsync(PostgresPrograms programs, string connectionString, string dump, CancellationToken cancellationToken) =>
        programs.RunAsync("pg_restore",
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={PostgresDatabase.NameOf(connectionString)}", dump],
            connectionString, cancellationToken);

    private static void MoveInto(string staging, string uploads)
    {
        Directory.CreateDirectory(uploads);
        foreach (var entry in new DirectoryInfo(staging).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(uploads, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                directory.MoveTo(destination);
            }
            else
            {
                ((FileInfo)entry).MoveTo(destination);
            }
        }
    }

    private void CompareMigration(string? restored)
    {
        var latestKnown = PortalMigrations.Known[^1];
        if (restored is not null && !PortalMigrations.Known.Contains(restored))
        {
            LogNewerThanThisPortal(restored, latestKnown);
        }
        else if (restored != latestKnown)
        {
            LogOlderThanThisPortal(restored ?? "none", latestKnown);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the practice from {Archive}, made at {MadeAt:O}")]
    private partial void LogRestored(string archive, DateTimeOffset madeAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the archive's entry {Name}: not part of a practice backup")]
    private partial void LogSkippedEntry(string name);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The archive's database is at migration {Restored}, which this Portal does not know (its newest is {Latest}): run the Portal version that made the backup")]
    private partial void LogNewerThanThisPortal(string restored, string? latest);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The archive's database is at migration {Restored}; `Portal.Worker migrate` (run at every start) brings it to {Latest}")]
    private partial void LogOlderThanThisPortal(string restored, string? latest);
}

/// <summary>A restore that would overwrite something, or cannot be done as asked; nothing was changed.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
