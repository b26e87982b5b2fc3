namespace Portal.Worker.Backup;

/// <summary>
/// <c>Portal.Worker restore ARCHIVE</c>: restores an archive of <c>backup</c> into the empty databases of
/// <c>ConnectionStrings:portal</c> and <c>ConnectionStrings:directus-db</c> and the empty
/// <c>Backup:DirectusUploadsPath</c>; refuses, changing nothing, if any of them holds data.
/// </summary>
public static class RestoreCommand
{
    public const string Verb = "restore";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [_, var archive, ..] || archive.StartsWith("--", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Usage: Portal.Worker restore ARCHIVE");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(args[2..]);
        builder.AddBackupTools();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RestoreCommand));
        try
        {
            await host.Services.GetRequiredService<PracticeRestore>().RestoreAsync(archive, CancellationToken.None);
            return 0;
        }
        catch (RestoreRefusedException refused)
        {
            logger.LogError("Not restored: {Reason}", refused.Message);
            return 1;
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "The restore failed");
            return 1;
        }
    }
}
