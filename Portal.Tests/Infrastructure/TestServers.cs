[assembly: AssemblyFixture(typeof(Portal.Tests.Infrastructure.TestServers))]

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and Redis every integration test uses, one of each for the whole run.
/// Given by environment (<c>PORTAL_TEST_POSTGRES</c>: a server connection string as superuser;
/// <c>PORTAL_TEST_REDIS</c>: a StackExchange.Redis connection string), or started here.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private LocalPostgres? startedPostgres;
    private LocalRedis? startedRedis;

    public string PostgresConnectionString { get; private set; } = "";

    public string RedisConnectionString { get; private set; } = "";

    public TestDatabases Databases { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS");

        var startingPostgres = string.IsNullOrWhiteSpace(postgres) ? LocalPostgres.StartAsync() : null;
        var startingRedis = string.IsNullOrWhiteSpace(redis) ? LocalRedis.StartAsync() : null;

        if (startingPostgres is not null)
        {
            startedPostgres = await startingPostgres;
            postgres = startedPostgres.ConnectionString;
        }

        if (startingRedis is not null)
        {
            startedRedis = await startingRedis;
            redis = startedRedis.ConnectionString;
        }

        PostgresConnectionString = postgres!;
        RedisConnectionString = redis!;
        Databases = new TestDatabases(PostgresConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (startedPostgres is not null)
        {
            await startedPostgres.DisposeAsync();
        }

        if (startedRedis is not null)
        {
            await startedRedis.DisposeAsync();
        }
    }
}
