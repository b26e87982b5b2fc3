using Npgsql;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>
/// Least privilege in PostgreSQL, on the run's real server: the app role (the Api's and the Worker's) reads and writes
/// the portal's tables and nothing more; Directus's role and the portal's roles cannot reach each other's database.
/// </summary>
public sealed class DatabaseRolesTests(TestServers servers)
{
    private const string InsufficientPrivilege = "42501";
    private const string InvalidPassword = "28P01";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_app_role_reads_and_writes_the_tables_but_cannot_create_or_change_any()
    {
        var app = TestDatabases.AsApp(await servers.Databases.CreateMigratedAsync(ct));

        Assert.Equal(TestDatabases.AppRole, await ScalarAsync<string>(app, "SELECT current_user"));
        Assert.True(await ScalarAsync<long>(app, "SELECT count(*) FROM session_types") > 0);
        // The calendar_version trigger moves on with the app's writes, as the Api's slot cache needs.
        var version = await ScalarAsync<long>(app, "SELECT version FROM calendar_version");
        await ExecuteAsync(app, "UPDATE practice_settings SET practice_name = practice_name");
        Assert.Equal(version + 1, await ScalarAsync<long>(app, "SELECT version FROM calendar_version"));

        await AssertRefusedAsync(app, "CREATE TABLE intruder (id int)");
        await AssertRefusedAsync(app, "CREATE TEMPORARY TABLE intruder (id int)");
        await AssertRefusedAsync(app, "ALTER TABLE session_types ADD COLUMN intruder int");
        await AssertRefusedAsync(app, "DROP TABLE outbox_messages");
        await AssertRefusedAsync(app, "TRUNCATE bookings");
        await AssertRefusedAsync(app, "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        Assert.Equal(0L, await ScalarAsync<long>(app,
            $"SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = '{TestDatabases.AppRole}'"));
    }

    [Fact]
    public async Task A_table_a_later_migration_creates_is_read_and_written_by_the_app_role()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);

        // As a migration does it: run by the owner, after the roles step of that start.
        await ExecuteAsync(TestDatabases.AsOwner(database), "CREATE TABLE later_feature (id serial PRIMARY KEY, note text NOT NULL)");
        var app = TestDatabases.AsApp(database);
        await ExecuteAsync(app, "INSERT INTO later_feature (note) VALUES ('written by the app')");

        Assert.Equal("written by the app", await ScalarAsync<string>(app, "SELECT note FROM later_feature"));
        await AssertRefusedAsync(app, "ALTER TABLE later_feature ADD COLUMN intruder int");
    }

    [Fact]
    public async Task The_app_role_cannot_reach_Directus_and_Directus_cannot_reach_the_portal()
    {
        var portal = await servers.Databases.CreateMigratedAsync(ct);
        var directusRole = $"directus_{Guid.NewGuid():N}";
        var directus = OnDatabase(Login(portal, directusRole, "first-password"), directusRole);
        try
        {
            await DatabaseRoles.EnsureAsync(servers.PostgresConnectionString, [new OwnedDatabase(DatabaseLogin.From(directus, "directus-db"))], ct);
            await ExecuteAsync(directus, "CREATE TABLE directus_settings (id int PRIMARY KEY); INSERT INTO directus_settings VALUES (1)");

            var appToDirectus = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
                OnDatabase(TestDatabases.AsApp(portal), directusRole), "SELECT 1"));
            Assert.Equal(InsufficientPrivilege, appToDirectus.SqlState);
            var directusToPortal = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
                Login(portal, directusRole, "first-password"), "SELECT 1"));
            Assert.Equal(InsufficientPrivilege, directusToPortal.SqlState);

            // At every start the role's password becomes the current one; the old one stops working.
            await DatabaseRoles.EnsureAsync(servers.PostgresConnectionString,
                [new OwnedDatabase(new DatabaseLogin(directusRole, "second-password", directusRole))], ct);
            Assert.Equal(1, await ScalarAsync<int>(OnDatabase(Login(portal, directusRole, "second-password"), directusRole),
                "SELECT id FROM directus_settings"));
            var oldPassword = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(directus, "SELECT 1"));
            Assert.Equal(InvalidPassword, oldPassword.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(servers.PostgresConnectionString, $"DROP DATABASE IF EXISTS {directusRole} WITH (FORCE)");
            await ExecuteAsync(servers.PostgresConnectionString, $"DROP ROLE IF EXISTS {directusRole}");
        }
    }

    [Fact]
    public async Task A_practice_whose_tables_the_superuser_owns_is_handed_to_the_owner_and_opened_to_the_app()
    {
        // A practice from before the roles: migrated as the superuser, which owns every table and trigger function.
        var database = await servers.Databases.CreateEmptyAsync(ct);
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            await TestDatabases.Migrator(db).MigrateAndSeedAsync(ct);
        }

        await servers.Databases.PrepareRolesAsync(database, ct);
        await servers.Databases.PrepareRolesAsync(database, ct);

        Assert.Equal(0L, await ScalarAsync<long>(database, $"""
            SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '{TestDatabases.OwnerRole}')
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND p.proowner <> '{TestDatabases.OwnerRole}'::regrole
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))
            """));
        Assert.True(await ScalarAsync<long>(TestDatabases.AsApp(database), "SELECT count(*) FROM session_types") > 0);
        await using (var db = TestDatabases.OpenPortalDb(TestDatabases.AsOwner(database)))
        {
            await TestDatabases.Migrator(db).MigrateAndSeedAsync(ct);
        }

        await ExecuteAsync(TestDatabases.AsOwner(database), "ALTER TABLE session_types ADD COLUMN later_column int");
    }

    [Fact]
    public async Task The_roles_step_refuses_to_hand_a_database_to_the_superuser()
    {
        var superuser = new NpgsqlConnectionStringBuilder(servers.PostgresConnectionString) { Database = "portal_by_mistake" }.ConnectionString;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseRoles.EnsureAsync(
            servers.PostgresConnectionString, [new OwnedDatabase(DatabaseLogin.From(superuser, "portal-owner"))], ct));

        Assert.Contains("is a superuser", refused.Message);
    }

    private static string Login(string connectionString, string role, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;

    private static string OnDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private async Task AssertRefusedAsync(string connectionString, string sql)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connectionString, sql));
        Assert.True(refused.SqlState == InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
    }

    private async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
