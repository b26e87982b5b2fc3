using System.Security.Cryptography;
using Npgsql;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server for one test run: a fresh data folder, a free port,
/// durability switched off (the data is thrown away), stopped and deleted at the end.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);
    private readonly DirectoryInfo root;

    private LocalPostgres(DirectoryInfo root, string connectionString)
    {
        this.root = root;
        ConnectionString = connectionString;
    }

    /// <summary>Reaches the server as the superuser, database <c>postgres</c>.</summary>
    public string ConnectionString { get; }

    private static string Bin => Environment.GetEnvironmentVariable("POSTGRES_BIN") ?? "/usr/lib/postgresql/15/bin";

    private string DataPath => Path.Combine(root.FullName, "data");

    /// <summary>The server's main process (the first line of <c>postmaster.pid</c>); its children are the backends.</summary>
    public int ServerProcessId => int.Parse(File.ReadLines(Path.Combine(DataPath, "postmaster.pid")).First());

    /// <param name="settings">More server settings (<c>name=value</c>), for example a library to preload.</param>
    public static async Task<LocalPostgres> StartAsync(params string[] settings)
    {
        var root = Directory.CreateTempSubdirectory("portal-tests-postgres-");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(root.FullName, "password");
        await File.WriteAllTextAsync(passwordFile, password);
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", root.FullName], CommandTimeout);
        }

        var dataPath = Path.Combine(root.FullName, "data");
        await ProcessRunner.RunAsPostgresUserAsync(Path.Combine(Bin, "initdb"), CommandTimeout,
            "-D", dataPath, "-U", "postgres", $"--pwfile={passwordFile}",
            "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale");

        // Another process can take the port between choosing and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            try
            {
                await ProcessRunner.RunAsPostgresUserAsync(Path.Combine(Bin, "pg_ctl"), CommandTimeout,
                    "-D", dataPath, "-w", "-l", Path.Combine(root.FullName, "server.log"), "-o",
                    // Every test class has its own database and pools; some seventy classes at once need more than a server's default.
                    $"-p {port} -c listen_addresses=127.0.0.1 -k {root.FullName} -c max_connections=1000 "
                    + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    + string.Concat(settings.Select(setting => $" -c {setting}")),
                    "start");
                var connectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Password = password,
                    Database = "postgres",
                }.ConnectionString;
                return new LocalPostgres(root, connectionString);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunAsPostgresUserAsync(Path.Combine(Bin, "pg_ctl"), CommandTimeout,
                "-D", DataPath, "-m", "immediate", "stop");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
