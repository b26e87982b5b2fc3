using Microsoft.Extensions.Configuration;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Where the local-process mode finds its programs and keeps its data (section <c>Portal:Local</c>).
/// Checked up front: a missing program would otherwise leave the AppHost waiting without a word.
/// </summary>
public sealed record LocalProcessSettings(
    string DataPath,
    string PostgresBin,
    string RedisServer,
    string NodeBinary,
    string DirectusHome,
    string ScriptsPath)
{
    private const string InstallHint = "Run ./run.sh (or scripts/install-prerequisites.sh), which installs what is missing.";

    public string PostgresDataPath => Path.Combine(DataPath, "postgres");
    public string RedisDataPath => Path.Combine(DataPath, "redis");
    public string DirectusUploadsPath => Path.Combine(DataPath, "directus-uploads");

    /// <summary>Where the Worker writes emails when no provider is configured, whatever the infrastructure mode.</summary>
    public static string MailPath(IDistributedApplicationBuilder builder) => Path.Combine(DataPathOf(builder), "mail");

    /// <summary>Where the Worker keeps the nightly backups, whatever the infrastructure mode.</summary>
    public static string BackupsPath(IDistributedApplicationBuilder builder) => Path.Combine(DataPathOf(builder), "backups");

    public static LocalProcessSettings From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Portal:Local");
        var tools = PathSetting(builder, "ToolsPath", "../tools");
        var settings = new LocalProcessSettings(
            DataPath: DataPathOf(builder),
            PostgresBin: section["PostgresBin"] ?? "/usr/lib/postgresql/15/bin",
            RedisServer: section["RedisServer"] ?? "redis-server",
            NodeBinary: Path.Combine(tools, "node", "node_modules", "node", "bin", "node"),
            DirectusHome: Path.Combine(tools, "directus"),
            ScriptsPath: Path.Combine(builder.AppHostDirectory, "Infrastructure", "scripts"));

        settings.EnsureInstalled();
        return settings;
    }

    private static string DataPathOf(IDistributedApplicationBuilder builder) => PathSetting(builder, "DataPath", "../.local/data");

    /// <summary>A path of section <c>Portal:Local</c>, relative to the AppHost's folder.</summary>
    private static string PathSetting(IDistributedApplicationBuilder builder, string key, string fallback) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, builder.Configuration[$"Portal:Local:{key}"] ?? fallback));

    private void EnsureInstalled()
    {
        var missing = new List<string>();
        if (!File.Exists(Path.Combine(PostgresBin, "postgres")))
        {
            missing.Add($"PostgreSQL 15 server binaries in {PostgresBin} (Portal:Local:PostgresBin)");
        }

        if (FindOnPath(RedisServer) is null)
        {
            missing.Add($"'{RedisServer}' on the PATH (Portal:Local:RedisServer)");
        }

        if (!File.Exists(NodeBinary))
        {
            missing.Add($"Node 22 at {NodeBinary}");
        }

        if (!File.Exists(Path.Combine(DirectusHome, "node_modules", "directus", "cli.js")))
        {
            missing.Add($"Directus {DirectusSettings.Version} in {DirectusHome}/node_modules");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                "The AppHost runs PostgreSQL, Redis and Directus as local processes (no container runtime answered), "
                + "but these are missing:\n  - " + string.Join("\n  - ", missing) + "\n" + InstallHint);
        }
    }

    private static string? FindOnPath(string program) =>
        Path.IsPathRooted(program)
            ? (File.Exists(program) ? program : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, program))
                .FirstOrDefault(File.Exists);
}
