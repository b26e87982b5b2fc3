using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Fresh databases on the test server. Migrations and seeds run once, into a template;
/// each test class then gets a copy of it in milliseconds.
/// </summary>
public sealed class TestDatabases(string serverConnectionString)
{
    private const string TemplateName = "portal_template";
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool templateReady;

    /// <summary>A new database as a freshly deployed practice has it: every migration applied, seeds in place.</summary>
    public async Task<string> CreateMigratedAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!templateReady)
            {
                await PrepareTemplateAsync(cancellationToken);
                templateReady = true;
            }

            return await CreateAsync($"TEMPLATE {TemplateName}", cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A new, empty database: for testing the migrations themselves.</summary>
    public Task<string> CreateEmptyAsync(CancellationToken cancellationToken = default) =>
        CreateAsync("", cancellationToken);

    public static PortalDb OpenPortalDb(string connectionString) =>
        new(new DbContextOptionsBuilder<PortalDb>().UseNpgsql(connectionString).UsePortalConventions().Options);

    public static PortalDbMigrator Migrator(PortalDb db) => new(db, NullLogger<PortalDbMigrator>.Instance);

    private async Task PrepareTemplateAsync(CancellationToken cancellationToken)
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)", cancellationToken);
        await ExecuteOnServerAsync($"CREATE DATABASE {TemplateName}", cancellationToken);

        var templateConnectionString = WithDatabase(TemplateName);
        await using (var db = OpenPortalDb(templateConnectionString))
        {
            await Migrator(db).MigrateAndSeedAsync(cancellationToken);
        }

        // A template may not be copied while anyone is connected to it.
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<string> CreateAsync(string template, CancellationToken cancellationToken)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE {name} {template}", cancellationToken);
        return WithDatabase(name);
    }

    private string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    private async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
