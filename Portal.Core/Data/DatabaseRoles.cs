using Npgsql;

namespace Portal.Core.Data;

/// <summary>A login role as a connection string names it: who, with which password, to which database.</summary>
public sealed record DatabaseLogin(string Role, string Password, string Database)
{
    public static DatabaseLogin From(string connectionString, string name)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        return new DatabaseLogin(
            settings.Username ?? throw new InvalidOperationException($"ConnectionStrings:{name} names no Username."),
            settings.Password ?? throw new InvalidOperationException($"ConnectionStrings:{name} has no Password."),
            settings.Database ?? throw new InvalidOperationException($"ConnectionStrings:{name} names no Database."));
    }
}

/// <summary>
/// A database, the role that owns it (and everything in it) and, if any, the role that may only connect to it and read
/// and write its tables.
/// </summary>
public sealed record OwnedDatabase(DatabaseLogin Owner, DatabaseLogin? App = null);

/// <summary>
/// Least privilege in PostgreSQL (README: "Database roles"). Run as a superuser at every start, before the migrations,
/// it makes the server agree with the connection strings the services are given: each role exists and logs in with
/// the current password, has no special powers, and each database belongs to its owner; only its owner and its app
/// role may connect to it. The app role owns nothing and can create nothing; it reads and writes every table of the
/// schema <c>public</c>, also tables a later migration creates (default privileges of the owner).
/// Objects the superuser still owns (tables made before the roles existed, a restore run as the superuser) are
/// handed to the owner, so the migrations, which run as the owner, can change them. Every step can be repeated.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>The superuser's connection string, given to the <c>roles</c> step only.</summary>
    public const string AdminConnectionName = "postgres";

    /// <summary>The owner's connection string to the portal database, given to the migrations (and a restore).</summary>
    public const string OwnerConnectionName = "portal-owner";

    private const string Schema = "public";

    public static async Task EnsureAsync(string adminConnectionString, IReadOnlyList<OwnedDatabase> databases, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using (var server = await OpenAsync(admin.ConnectionString, cancellationToken))
        {
            foreach (var database in databases)
            {
                if (database.App is { } app && (app.Role == database.Owner.Role || app.Database != database.Owner.Database))
                {
                    throw new InvalidOperationException(
                        $"The app role {app.Role} must differ from the owner {database.Owner.Role} and reach the same database {database.Owner.Database}.");
                }

                foreach (var login in new[] { database.Owner, database.App }.OfType<DatabaseLogin>())
                {
                    await EnsureLoginAsync(server, login, admin.Username, cancellationToken);
                }

                await EnsureDatabaseAsync(server, database, cancellationToken);
            }
        }

        foreach (var database in databases)
        {
            admin.Database = database.Owner.Database;
            await using var connection = await OpenAsync(admin.ConnectionString, cancellationToken);
            await HandOverAsync(connection, database, cancellationToken);
        }
    }

    private static async Task EnsureLoginAsync(NpgsqlConnection server, DatabaseLogin login, string? admin, CancellationToken cancellationToken)
    {
        var superuser = await ScalarAsync<bool?>(server, "SELECT rolsuper FROM pg_roles WHERE rolname = $1", cancellationToken, login.Role);
        if (superuser == true || login.Role == admin)
        {
            throw new InvalidOperationException(
                $"The role {login.Role} is a superuser; the services' connection strings must name roles of their own.");
        }

        // Powers are taken away as well as given: a role made by hand with more gets exactly these.
        await ExecuteFormattedAsync(server,
            superuser is null
                ? "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L"
                : "ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L",
            cancellationToken, login.Role, login.Password);
    }

    private static async Task EnsureDatabaseAsync(NpgsqlConnection server, OwnedDatabase database, CancellationToken cancellationToken)
    {
        var name = database.Owner.Database;
        var owner = await ScalarAsync<string?>(server,
            "SELECT pg_catalog.pg_get_userbyid(datdba)::text FROM pg_catalog.pg_database WHERE datname = $1", cancellationToken, name);
        if (owner is null)
        {
            await ExecuteFormattedAsync(server, "CREATE DATABASE %I OWNER %I", cancellationToken, name, database.Owner.Role);
        }
        else if (owner != database.Owner.Role)
        {
            await ExecuteFormattedAsync(server, "ALTER DATABASE %I OWNER TO %I", cancellationToken, name, database.Owner.Role);
        }

        // PUBLIC may connect to any new database and make temporary tables in it: here only the owner and the app.
        await ExecuteFormattedAsync(server, "REVOKE ALL ON DATABASE %I FROM PUBLIC", cancellationToken, name);
        if (database.App is { } app)
        {
            await ExecuteFormattedAsync(server, "GRANT CONNECT ON DATABASE %I TO %I", cancellationToken, name, app.Role);
        }
    }

    private static async Task HandOverAsync(NpgsqlConnection connection, OwnedDatabase database, CancellationToken cancellationToken)
    {
        var owner = database.Owner.Role;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteFormattedAsync(connection, "ALTER SCHEMA %I OWNER TO %I", cancellationToken, Schema, owner);
        await ExecuteFormattedAsync(connection, "REVOKE CREATE ON SCHEMA %I FROM PUBLIC", cancellationToken, Schema);

        foreach (var statement in await StatementsAsync(connection, HandOverStatements, cancellationToken, owner))
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        if (database.App is { } app)
        {
            foreach (var grant in new[]
            {
                "GRANT USAGE ON SCHEMA %1$I TO %2$I",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO %2$I",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I",
                "ALTER DEFAULT PRIVILEGES FOR ROLE %3$I IN SCHEMA %1$I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %2$I",
                "ALTER DEFAULT PRIVILEGES FOR ROLE %3$I IN SCHEMA %1$I GRANT USAGE, SELECT ON SEQUENCES TO %2$I",
            })
            {
                await ExecuteFormattedAsync(connection, grant, cancellationToken, Schema, app.Role, owner);
            }

            // The grant above gave every table; the audit tables are add-and-read only for the app.
            foreach (var table in Audit.AppendOnly.Tables)
            {
                if (await ScalarAsync<string?>(connection, "SELECT to_regclass($1)::text", cancellationToken, $"{Schema}.{table}") is not null)
                {
                    await ExecuteFormattedAsync(connection, "REVOKE UPDATE, DELETE, TRUNCATE ON %1$I.%2$I FROM %3$I", cancellationToken, Schema, table, app.Role);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Everything in the database's own schemas that another role owns: tables, views and free-standing sequences
    // (a table's own sequences follow it), functions (the triggers'), enum and domain types; never an extension's.
    private const string HandOverStatements = """
        WITH own_schemas AS (
            SELECT oid FROM pg_catalog.pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%'),
        members AS (
            SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype IN ('a', 'i', 'e'))
        SELECT format('ALTER %s %s OWNER TO %I', kind, name, $1) FROM (
            SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind, c.oid::regclass::text AS name
            FROM pg_catalog.pg_class c
            WHERE c.relnamespace IN (SELECT oid FROM own_schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND c.relowner <> $1::regrole
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_catalog.pg_class'::regclass AND m.objid = c.oid)
            UNION ALL
            SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, p.oid::regprocedure::text
            FROM pg_catalog.pg_proc p
            WHERE p.pronamespace IN (SELECT oid FROM own_schemas) AND p.proowner <> $1::regrole
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_catalog.pg_proc'::regclass AND m.objid = p.oid)
            UNION ALL
            SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text
            FROM pg_catalog.pg_type t
            WHERE t.typnamespace IN (SELECT oid FROM own_schemas) AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> $1::regrole
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_catalog.pg_type'::regclass AND m.objid = t.oid)
        ) AS foreign_owned
        """;

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The role statements carry passwords: the server's log keeps no statement of this session, failed ones included.
        await ExecuteAsync(connection, "SET log_statement = 'none'; SET log_min_error_statement = 'panic'; SET log_min_duration_statement = -1",
            cancellationToken);
        return connection;
    }

    /// <summary>Names and passwords reach the statements through the server's own quoting (<c>format</c>'s %I and %L).</summary>
    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string template, CancellationToken cancellationToken, params string[] values)
    {
        var placeholders = string.Join("", values.Select((_, i) => $", ${i + 2}"));
        var statements = await StatementsAsync(connection, $"SELECT format($1{placeholders})", cancellationToken, [template, .. values]);
        await ExecuteAsync(connection, statements.Single(), cancellationToken);
    }

    private static async Task<List<string>> StatementsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params string[] values)
    {
        await using var command = Command(connection, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var statements = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            statements.Add(reader.GetString(0));
        }

        return statements;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params string[] values)
    {
        await using var command = Command(connection, sql, values);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
