extern alias Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;
using Worker::Portal.Worker.Backup;

namespace Portal.Tests.Backup;

/// <summary>
/// A practice's places as a backup sees them: the portal database, a small Directus database (a table, a row) and
/// an uploads folder with files, on the run's PostgreSQL; and the backup and restore pointed at them.
/// </summary>
internal sealed class BackupScenario(TestServers servers, string portalConnectionString) : IAsyncDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("portal-tests-backup-");

    public string PortalConnectionString => portalConnectionString;

    public string DirectusConnectionString { get; } = WithDatabase(servers, $"directus_{Guid.NewGuid():N}");

    public string UploadsPath => Path.Combine(root.FullName, "directus-uploads");

    public string BackupsPath => Path.Combine(root.FullName, "backups");

    /// <summary>Directus's own kind of tables, a file it knows and the file itself in the uploads folder.</summary>
    public async Task CreateDirectusAsync()
    {
        await ExecuteAsync(servers.PostgresConnectionString, $"CREATE DATABASE {PostgresDatabase.NameOf(DirectusConnectionString)}");
        await ExecuteAsync(DirectusConnectionString, """
            CREATE TABLE directus_files (id uuid PRIMARY KEY, filename_disk text NOT NULL, title text);
            INSERT INTO directus_files VALUES ('6f1c1d8e-64c4-4a43-9b8e-2f4c9f1d0a11', 'b1c2-harbour.jpg', 'The harbour at dawn');
            """);
        Directory.CreateDirectory(Path.Combine(UploadsPath, "thumbs"));
        await File.WriteAllBytesAsync(Path.Combine(UploadsPath, "b1c2-harbour.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], Ct);
        await File.WriteAllTextAsync(Path.Combine(UploadsPath, "thumbs", "b1c2-harbour-small.jpg"), "small", Ct);
    }

    public PracticeBackup Backup(TimeProvider? clock = null) =>
        new(Configuration(), Options(), clock ?? TimeProvider.System, NullLogger<PracticeBackup>.Instance);

    /// <summary>The Worker's nightly backup over these places, keeping the newest <paramref name="keep"/>.</summary>
    public BackupSchedule Schedule(TimeProvider clock, int keep)
    {
        var services = new ServiceCollection()
            .AddDbContext<PortalDb>(options => options.UseNpgsql(PortalConnectionString).UsePortalConventions())
            .BuildServiceProvider();
        return new BackupSchedule(services.GetRequiredService<IServiceScopeFactory>(), Backup(clock), Configuration(),
            Microsoft.Extensions.Options.Options.Create(new BackupOptions { Folder = BackupsPath, DirectusUploadsPath = UploadsPath, Keep = keep }),
            clock, NullLogger<BackupSchedule>.Instance);
    }

    /// <param name="portalTarget">The portal database to restore into, if not the one backed up.</param>
    public PracticeRestore Restore(string? portalTarget = null) =>
        new(Configuration(portalTarget), Options(), NullLogger<PracticeRestore>.Instance);

    /// <summary>Everything gone: both databases dropped (sessions ended), the uploads deleted.</summary>
    public async Task WipeAsync()
    {
        foreach (var connectionString in new[] { PortalConnectionString, DirectusConnectionString })
        {
            await ExecuteAsync(servers.PostgresConnectionString, $"DROP DATABASE {PostgresDatabase.NameOf(connectionString)} WITH (FORCE)");
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(UploadsPath, recursive: true);
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync(Ct);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private IConfiguration Configuration(string? portal = null) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = portal ?? PortalConnectionString,
        [$"ConnectionStrings:{PracticeBackup.DirectusConnectionName}"] = DirectusConnectionString,
    }).Build();

    private IOptions<BackupOptions> Options() =>
        Microsoft.Extensions.Options.Options.Create(new BackupOptions { Folder = BackupsPath, DirectusUploadsPath = UploadsPath });

    private static string WithDatabase(TestServers servers, string database) =>
        new NpgsqlConnectionStringBuilder(servers.PostgresConnectionString) { Database = database }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(servers.PostgresConnectionString, $"DROP DATABASE IF EXISTS {PostgresDatabase.NameOf(DirectusConnectionString)} WITH (FORCE)");
        root.Delete(recursive: true);
    }
}
