using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Portal.Worker.Backup;

/// <summary>
/// <c>manifest.json</c>, the first entry of every archive: when it was made, by which versions, what is inside,
/// and what was left out and why.
/// </summary>
public sealed record BackupManifest(
    int Format,
    DateTimeOffset MadeAt,
    string PortalVersion,
    string PgDump,
    string? PortalMigration,
    DatabaseDump Portal,
    DatabaseDump? Directus,
    string? DirectusUploads,
    IReadOnlyList<string> LeftOut)
{
    public const int CurrentFormat = 1;
    public const string EntryName = "manifest.json";
    public const string PortalDumpEntry = "portal.dump";
    public const string DirectusDumpEntry = "directus.dump";
    public const string DirectusUploadsEntry = "directus-uploads/";

    /// <summary>Indented and unescaped: a person opens it to see what an archive holds.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string RunningPortalVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

/// <summary>One database's <c>pg_dump --format=custom</c> inside the archive.</summary>
public sealed record DatabaseDump(string Entry, string Database, string ServerVersion);
