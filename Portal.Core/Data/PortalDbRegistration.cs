using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Portal.Core.Data;

public static class PortalDbRegistration
{
    /// <summary>The name of the connection string the AppHost hands every service (<c>ConnectionStrings:portal</c>).</summary>
    public const string ConnectionName = "portal";

    /// <summary>
    /// While the database is away, a request must answer 503 within seconds, not wait half a minute per call: a dropped
    /// connection is retried twice, at most a second apart, and opening one gives up after three seconds (a proxy in
    /// front of a stopped server accepts the connection and then says nothing). The Worker tries again at its next poll.
    /// </summary>
    public const int MaxRetries = 2;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    public const int ConnectTimeoutSeconds = 3;

    /// <summary>Registers <see cref="PortalDb"/> with pooling, retries, health check and telemetry.</summary>
    public static IHostApplicationBuilder AddPortalDb(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<PortalDb>(ConnectionName,
            configureSettings: settings => settings.ConnectionString = WithConnectTimeout(settings.ConnectionString),
            configureDbContextOptions: options => options
                .UsePortalConventions()
                .UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, errorCodesToAdd: null)));
        return builder;
    }

    /// <summary>A timeout the deployment set itself is kept.</summary>
    private static string? WithConnectTimeout(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            settings.Timeout = ConnectTimeoutSeconds;
        }

        return settings.ConnectionString;
    }
}
