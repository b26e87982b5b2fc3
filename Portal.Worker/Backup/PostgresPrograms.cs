using System.Diagnostics;
using Npgsql;

namespace Portal.Worker.Backup;

/// <summary>
/// Runs PostgreSQL's own client programs (<c>pg_dump</c>, <c>pg_restore</c>) against a database given by an Npgsql
/// connection string. The connection goes through libpq's environment, so the password is never on a command line.
/// </summary>
public sealed class PostgresPrograms(string? binPath)
{
    private const string DebianPostgres15 = "/usr/lib/postgresql/15/bin";

    private string Find(string program)
    {
        var folder = !string.IsNullOrWhiteSpace(binPath) ? binPath
            : File.Exists(Path.Combine(DebianPostgres15, program)) ? DebianPostgres15
            : null;
        return folder is null ? program : Path.Combine(folder, program);
    }

    public async Task<string> VersionAsync(string program, CancellationToken cancellationToken) =>
        (await RunAsync(program, ["--version"], connectionString: null, cancellationToken)).Trim();

    /// <summary>Runs <paramref name="program"/>, connected to the database of <paramref name="connectionString"/> if given.</summary>
    public async Task<string> RunAsync(string program, IEnumerable<string> args, string? connectionString, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Find(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (connectionString is not null)
        {
            foreach (var (name, value) in LibpqEnvironment(connectionString))
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed (exit code {process.ExitCode}): {(await errors).Trim()}");
        }

        return await output;
    }

    /// <summary>The libpq variables (<c>PGHOST</c>, <c>PGPASSWORD</c>…) that reach the same database as <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string> LibpqEnvironment(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = settings.Host ?? "localhost",
            ["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGDATABASE"] = settings.Database ?? throw new InvalidOperationException("The connection string names no database."),
            ["PGUSER"] = settings.Username ?? "postgres",
            ["PGSSLMODE"] = settings.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
        };
        if (!string.IsNullOrEmpty(settings.Password))
        {
            environment["PGPASSWORD"] = settings.Password;
        }

        return environment;
    }
}
