using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;
using Portal.Core.Data;

namespace Portal.Worker.Backup;

/// <summary>
/// Makes one backup every night at <see cref="BackupOptions.NightlyAt"/> into <see cref="BackupOptions.Folder"/> and
/// keeps the newest <see cref="BackupOptions.Keep"/>. Of several Worker replicas one makes it: each takes a PostgreSQL
/// advisory lock first, and skips the night if another holds it or an archive of that night is already there.
/// </summary>
public sealed partial class BackupSchedule(
    IServiceScopeFactory scopes,
    PracticeBackup backup,
    IConfiguration configuration,
    IOptions<BackupOptions> options,
    TimeProvider clock,
    ILogger<BackupSchedule> logger) : BackgroundService
{
    private const string LockKey = "practice-backup";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Folder))
        {
            LogNoFolder();
            return;
        }

        var after = clock.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var night = NightlyTime.Next(after, options.Value.NightlyAt, await ZoneAsync(stoppingToken));
                LogNext(night);
                var wait = night - clock.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
                await MakeTheNightsBackupAsync(night, stoppingToken);
                after = night;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The night's backup unless another replica makes or made it, then the old ones go.</summary>
    public async Task MakeTheNightsBackupAsync(DateTimeOffset night, CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = configuration.GetConnectionString(PortalDbRegistration.ConnectionName)!;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var held = await ReplicaLocks.TryTakeAsync(connection, LockKey, cancellationToken);
            if (held is null)
            {
                LogAnotherReplica(night);
                return;
            }

            var folder = new BackupFolder(options.Value.Folder!);
            if (folder.Archives().Any(archive => archive.MadeAt >= night))
            {
                LogAlreadyMade(night);
                return;
            }

            await backup.MakeAsync(folder.Path, cancellationToken);
            var deleted = folder.KeepNewest(options.Value.Keep, clock.GetUtcNow());
            LogKept(options.Value.Keep, deleted.Count);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(exception, night);
        }
    }

    /// <summary><see cref="BackupOptions.TimeZone"/>, else the practice's zone, else UTC.</summary>
    private async Task<DateTimeZone> ZoneAsync(CancellationToken cancellationToken)
    {
        var id = options.Value.TimeZone;
        if (string.IsNullOrWhiteSpace(id))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                id = await scope.ServiceProvider.GetRequiredService<PortalDb>().PracticeSettings
                    .Select(settings => settings.TimeZone).FirstOrDefaultAsync(cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogNoPracticeZone(exception);
            }
        }

        if (NightlyTime.Zone(id) is { } zone)
        {
            return zone;
        }

        LogUnknownZone(id);
        return DateTimeZone.Utc;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No nightly backup: Backup:Folder is not set")]
    private partial void LogNoFolder();

    [LoggerMessage(Level = LogLevel.Information, Message = "The next nightly backup is due at {Night:O}")]
    private partial void LogNext(DateTimeOffset night);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another Worker is making the backup of the night of {Night:O}")]
    private partial void LogAnotherReplica(DateTimeOffset night);

    [LoggerMessage(Level = LogLevel.Information, Message = "The backup of the night of {Night:O} is already made")]
    private partial void LogAlreadyMade(DateTimeOffset night);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keeping the newest {Keep} backups; deleted {Deleted} older one(s)")]
    private partial void LogKept(int keep, int deleted);

    [LoggerMessage(Level = LogLevel.Error, Message = "The backup of the night of {Night:O} failed; the next night tries again")]
    private partial void LogFailed(Exception exception, DateTimeOffset night);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the practice's time zone; the nightly backup goes by UTC this time")]
    private partial void LogNoPracticeZone(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Time zone '{Zone}' is unknown or unset; the nightly backup goes by UTC")]
    private partial void LogUnknownZone(string? zone);
}
