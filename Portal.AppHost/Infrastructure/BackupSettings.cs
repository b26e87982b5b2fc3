using Microsoft.Extensions.Configuration;

namespace Portal.AppHost.Infrastructure;

/// <summary>What the Worker needs to back up everything the practice owns (README: "Backups").</summary>
public static class BackupSettings
{
    /// <summary>
    /// The Directus database, Directus's uploads where the Worker can reach them, and the folder of the nightly
    /// archives (<c>.local/data/backups</c>). <c>Backup:*</c> settings given to the AppHost (user secrets,
    /// environment) pass on to the Worker and win over these defaults.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBackups(
        this IResourceBuilder<ProjectResource> worker, PortalInfrastructure infrastructure)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Folder"] = LocalProcessSettings.BackupsPath(worker.ApplicationBuilder),
        };
        if (infrastructure.DirectusUploadsPath is { } uploads)
        {
            settings["DirectusUploadsPath"] = uploads;
        }

        foreach (var (key, value) in worker.ApplicationBuilder.Configuration.GetSection("Backup").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }

        foreach (var (key, value) in settings)
        {
            worker.WithEnvironment($"Backup__{key.Replace(":", "__")}", value);
        }

        return worker.WithReference(infrastructure.DirectusDb);
    }
}
