using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Healthy once the server answers a real query over its connection string, not merely when the port opens:
/// services that wait for it can use it at once.
/// </summary>
public sealed class ServerProbeHealthCheck(
    IResourceWithConnectionString server, Func<string, CancellationToken, Task> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await server.GetConnectionStringAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{server.Name} has no connection string yet.");
            await probe(connectionString, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{server.Name} does not answer yet: {exception.Message}");
        }
    }

    public static async Task PostgresAnswers(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public static async Task RedisAnswers(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        await connection.GetDatabase().PingAsync();
    }
}

public static class ServerProbeHealthCheckExtensions
{
    public static IResourceBuilder<T> WithServerProbe<T>(
        this IResourceBuilder<T> server, Func<string, CancellationToken, Task> probe)
        where T : IResourceWithConnectionString
    {
        var key = $"{server.Resource.Name}_answers";
        server.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new ServerProbeHealthCheck(server.Resource, probe), failureStatus: null, tags: null));
        return server.WithHealthCheck(key);
    }
}
