using Npgsql;
using StackExchange.Redis;

namespace Portal.Tests.Infrastructure;

public sealed class TestServersTests(TestServers servers)
{
    [Fact]
    public async Task Postgres_is_a_real_server_with_btree_gist_available()
    {
        await using var connection = new NpgsqlConnection(servers.PostgresConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'btree_gist'", connection);

        Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Redis_is_a_real_server_that_keeps_values()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var key = $"test:{Guid.NewGuid():N}";

        await redis.GetDatabase().StringSetAsync(key, "kept", TimeSpan.FromMinutes(1));

        Assert.Equal("kept", (string?)await redis.GetDatabase().StringGetAsync(key));
    }
}
