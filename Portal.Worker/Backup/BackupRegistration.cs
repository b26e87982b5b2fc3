using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Worker.Backup;

public static class BackupRegistration
{
    /// <summary>Making and restoring backups, for the <c>backup</c> and <c>restore</c> verbs and the nightly schedule.</summary>
    public static IHostApplicationBuilder AddBackupTools(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<BackupOptions>(builder.Configuration.GetSection(BackupOptions.Section));
        builder.Services.TryAddSingleton<PracticeBackup>();
        builder.Services.TryAddSingleton<PracticeRestore>();
        return builder;
    }

    /// <summary>The nightly backup, unless <c>Backup:Enabled</c> is false.</summary>
    public static IHostApplicationBuilder AddNightlyBackup(this IHostApplicationBuilder builder)
    {
        builder.AddBackupTools();
        if (builder.Configuration.GetValue($"{BackupOptions.Section}:{nameof(BackupOptions.Enabled)}", true))
        {
            builder.Services.AddHostedService<BackupSchedule>();
        }

        return builder;
    }
}
