using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Fresh databases on the test server. Migrations and seeds run once, into a template, as the owner role;
/// each test class then gets a copy of it in milliseconds, with the roles set up as the AppHost's <c>roles</c> step does.
/// The connection strings handed out are the superuser's, to arrange and check; <see cref="AsApp"/> gives the one the
/// Api and the Worker use, so a missing grant shows in the tests.
/// </summary>
public sealed class TestDatabases(string serverConnectionString)
{
    public const string OwnerRole = "portal_owner";
    public const string AppRole = "portal_app";
    private const string TemplateName = "portal_template";
    private static readonly string OwnerPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private static readonly string AppPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
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

            var connectionString = await CreateAsync($"TEMPLATE {TemplateName}", cancellationToken);
            await EnsureRolesAsync(connectionString, cancellationToken);
            return connectionString;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What the AppHost's <c>roles</c> step does at every start, for the database of <paramref name="connectionString"/>:
    /// the owner and app roles with their passwords, the database and everything in it handed to the owner, grants to the app.
    /// </summary>
    public async Task PrepareRolesAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        // The roles are the server's: two classes changing them at once would collide ("tuple concurrently updated").
        await gate.WaitAsync(cancellationToken);
        try
        {
            await EnsureRolesAsync(connectionString, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private Task EnsureRolesAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        return DatabaseRoles.EnsureAsync(serverConnectionString,
            [new OwnedDatabase(new DatabaseLogin(OwnerRole, OwnerPassword, database), new DatabaseLogin(AppRole, AppPassword, database))],
            cancellationToken);
    }

    /// <summary>The same database as the Api and the Worker reach it: as the app role, which owns nothing.</summary>
    public static string AsApp(string connectionString) => As(connectionString, AppRole, AppPassword);

    /// <summary>The same database as the migrations reach it: as the owner role.</summary>
    public static string AsOwner(string connectionString) => As(connectionString, OwnerRole, OwnerPassword);

    private static string As(string connectionString, string role, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = password }.ConnectionString;

    /// <summary>A new, empty database: for testing the migrations themselves.</summary>
    public Task<string> CreateEmptyAsync(CancellationToken cancellationToken = default) =>
        CreateAsync("", cancellationToken);

    /// <param name="interceptors">For a test that watches what EF Core sends.</param>
    public static PortalDb OpenPortalDb(string connectionString, params IInterceptor[] interceptors) =>
        new(new DbContextOptionsBuilder<PortalDb>().UseNpgsql(connectionString).UsePortalConventions().AddInterceptors(interceptors).Options);

    public static PortalDbMigrator Migrator(PortalDb db, Portal.Core.Sealing.Sealer? sealer = null) => new(db, NullLogger<PortalDbMigrator>.Instance, sealer);

    private async Task PrepareTemplateAsync(CancellationToken cancellationToken)
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)", cancellationToken);
        var templateConnectionString = WithDatabase(TemplateName);
        await EnsureRolesAsync(templateConnectionString, cancellationToken);
        await using (var db = OpenPortalDb(AsOwner(templateConnectionString)))
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
