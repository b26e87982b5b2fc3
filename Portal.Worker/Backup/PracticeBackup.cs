using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Worker.Backup;

/// <summary>
/// Backs up everything the practice owns into one archive while the stack runs: the portal database, the Directus
/// database and Directus's uploads, each described in <c>manifest.json</c> (README: "Backups").
/// </summary>
/// <remarks>
/// Each <c>pg_dump</c> is one consistent snapshot of its database, taken without stopping anyone. The two databases
/// and the files are not one snapshot together: the portal goes first, then Directus, then its files, so a file
/// uploaded meanwhile is in the archive without its row (harmless) rather than a row without its file.
/// </remarks>
public sealed partial class PracticeBackup(
    IConfiguration configuration,
    IOptions<BackupOptions> options,
    TimeProvider clock,
    ILogger<PracticeBackup> logger)
{
    /// <summary>The AppHost's name for the Directus database's connection string.</summary>
    public const string DirectusConnectionName = "directus-db";

    /// <returns>The complete archive's path.</returns>
    public async Task<string> MakeAsync(string folderPath, CancellationToken cancellationToken)
    {
        var portal = configuration.GetConnectionString(PortalDbRegistration.ConnectionName)
            ?? throw new InvalidOperationException($"There is no ConnectionStrings:{PortalDbRegistration.ConnectionName} to back up.");
        var directus = configuration.GetConnectionString(DirectusConnectionName);
        var uploads = options.Value.DirectusUploadsPath;
        if (!string.IsNullOrWhiteSpace(uploads) && !Directory.Exists(uploads))
        {
            throw new InvalidOperationException($"Backup:DirectusUploadsPath is {uploads}, which does not exist.");
        }

        var programs = new PostgresPrograms(options.Value.PostgresBinPath);
        var folder = new BackupFolder(folderPath);
        Directory.CreateDirectory(folder.Path);
        var madeAt = clock.GetUtcNow();
        var name = BackupFolder.NameFor(madeAt);
        var work = Directory.CreateDirectory(folder.InProgress(name, "work"));
        var partial = folder.InProgress(name, "partial");
        try
        {
            var leftOut = new List<string>();
            var portalDump = await DumpAsync(programs, portal, BackupManifest.PortalDumpEntry, work.FullName, cancellationToken);
            var migration = await PortalMigrations.LatestAppliedAsync(portal, cancellationToken);

            DatabaseDump? directusDump = null;
            if (string.IsNullOrWhiteSpace(directus))
            {
                leftOut.Add($"the Directus database: no ConnectionStrings:{DirectusConnectionName} is configured");
            }
            else
            {
                directusDump = await DumpAsync(programs, directus, BackupManifest.DirectusDumpEntry, work.FullName, cancellationToken);
            }

            if (string.IsNullOrWhiteSpace(uploads))
            {
                leftOut.Add($"Directus's uploads: no {BackupOptions.Section}:{nameof(BackupOptions.DirectusUploadsPath)} is configured");
            }

            var manifest = new BackupManifest(
                BackupManifest.CurrentFormat, madeAt, BackupManifest.RunningPortalVersion,
                await programs.VersionAsync("pg_dump", cancellationToken), migration, portalDump, directusDump,
                string.IsNullOrWhiteSpace(uploads) ? null : BackupManifest.DirectusUploadsEntry, leftOut);
            await WriteArchiveAsync(partial, manifest, work.FullName, uploads, cancellationToken);

            var archive = Path.Combine(folder.Path, name);
            File.Move(partial, archive);
            LogMade(archive, leftOut.Count == 0 ? "nothing" : string.Join("; ", leftOut));
            return archive;
        }
        finally
        {
            work.Delete(recursive: true);
            File.Delete(partial);
        }
    }

    private static async Task<DatabaseDump> DumpAsync(
        PostgresPrograms programs, string connectionString, string entry, string workPath, CancellationToken cancellationToken)
    {
        await programs.RunAsync("pg_dump", ["--format=custom", $"--file={Path.Combine(workPath, entry)}"], connectionString, cancellationToken);
        return new DatabaseDump(entry, PostgresDatabase.NameOf(connectionString),
            await PostgresDatabase.ServerVersionAsync(connectionString, cancellationToken));
    }

    // Streamed: the dumps and the files go from disk through gzip to disk, never whole in memory.
    private async Task WriteArchiveAsync(
        string path, BackupManifest manifest, string workPath, string? uploads, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName)
            {
                DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifest.Json)),
                ModificationTime = manifest.MadeAt,
            }, cancellationToken);
            await tar.WriteEntryAsync(Path.Combine(workPath, manifest.Portal.Entry), manifest.Portal.Entry, cancellationToken);
            if (manifest.Directus is { } directus)
            {
                await tar.WriteEntryAsync(Path.Combine(workPath, directus.Entry), directus.Entry, cancellationToken);
            }

            if (manifest.DirectusUploads is { } entry && uploads is not null)
            {
                await WriteUploadsAsync(tar, uploads, entry, cancellationToken);
            }
        }

        // On disk before the rename that makes it count.
        file.Flush(flushToDisk: true);
    }

    private async Task WriteUploadsAsync(TarWriter tar, string uploads, string entryPrefix, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var entryName = entryPrefix + Path.GetRelativePath(uploads, path).Replace(Path.DirectorySeparatorChar, '/');
            FileStream source;
            try
            {
                source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
            }
            catch (FileNotFoundException)
            {
                LogUploadGone(path);
                continue;
            }

            await using var data = new FixedLengthStream(source, source.Length);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entryName)
            {
                DataStream = data,
                ModificationTime = File.GetLastWriteTimeUtc(path),
            }, cancellationToken);
            if (data.WasShortened)
            {
                LogUploadShortened(path);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed up the practice into {Archive} (left out: {LeftOut})")]
    private partial void LogMade(string archive, string leftOut);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Path} was deleted while the backup ran; it is not in the archive")]
    private partial void LogUploadGone(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Path} shrank while the backup ran; its copy in the archive is incomplete")]
    private partial void LogUploadShortened(string path);
}
