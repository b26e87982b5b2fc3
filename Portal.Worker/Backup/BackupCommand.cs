namespace Portal.Worker.Backup;

/// <summary>
/// <c>Portal.Worker backup [--to FOLDER]</c>: one archive of the practice, now, into FOLDER (else <c>Backup:Folder</c>,
/// else the current folder); prints its path. Connection strings and settings as for the Worker.
/// </summary>
public static class BackupCommand
{
    public const string Verb = "backup";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args[1..].ToList();
        var to = rest.IndexOf("--to");
        string? folder = null;
        if (to >= 0)
        {
            if (to + 1 >= rest.Count)
            {
                await Console.Error.WriteLineAsync("Usage: Portal.Worker backup [--to FOLDER]");
                return 2;
            }

            folder = rest[to + 1];
            rest.RemoveRange(to, 2);
        }

        var builder = Host.CreateApplicationBuilder([.. rest]);
        builder.AddBackupTools();
        using var host = builder.Build();
        folder ??= builder.Configuration[$"{BackupOptions.Section}:{nameof(BackupOptions.Folder)}"] ?? Directory.GetCurrentDirectory();
        try
        {
            var archive = await host.Services.GetRequiredService<PracticeBackup>().MakeAsync(folder, CancellationToken.None);
            Console.WriteLine(archive);
            return 0;
        }
        catch (Exception exception)
        {
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BackupCommand))
                .LogCritical(exception, "The backup failed; no archive was written");
            return 1;
        }
    }
}
