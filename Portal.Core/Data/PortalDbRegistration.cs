using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Data;

public static class PortalDbRegistration
{
    /// <summary>The name of the connection string the AppHost hands every service (<c>ConnectionStrings:portal</c>).</summary>
    public const string ConnectionName = "portal";

    /// <summary>
    /// While the database is away a request must end in a 503, not wait half a minute or more: a dropped connection
    /// is retried once, at most a second later, so a request waits at most two connect timeouts (Npgsql's
    /// <c>Timeout</c>, 15 s, which is also how long a request may wait for a pooled connection under a booking storm;
    /// the Api's DatabaseWatch answers the requests after it at once). The Worker tries again at its next poll.
    /// </summary>
    public const int MaxRetries = 1;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Registers <see cref="PortalDb"/> with pooling, retries, health check and telemetry.</summary>
    /// <param name="configure">What one process sets beyond that (the migrate step: which warnings it ignores).</param>
    public static IHostApplicationBuilder AddPortalDb(this IHostApplicationBuilder builder, Action<DbContextOptionsBuilder>? configure = null)
    {
        builder.AddNpgsqlDbContext<PortalDb>(ConnectionName, configureSettings: settings =>
                settings.ConnectionString = WithAutoPrepare(WithPoolLimit(settings.ConnectionString, builder.Configuration), builder.Configuration),
            configureDbContextOptions: options =>
            {
                options.UsePortalConventions()
                    .UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, errorCodesToAdd: null));
                configure?.Invoke(options);
            });
        return builder;
    }

    /// <summary>
    /// Each process keeps at most <c>Database:MaxPoolSize</c> connections (default 40) unless its connection string
    /// says otherwise: replicas multiply pools, and PostgreSQL's <c>max_connections</c> must hold them all (with two of
    /// each service, Npgsql's default of 100 per pool let a booking storm take every connection the server had).
    /// Requests beyond it wait for a pooled connection instead.
    /// </summary>
    public static string? WithPoolLimit(string? connectionString, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxPoolSize = int.TryParse(configuration["Database:MaxPoolSize"], out var size) && size > 0 ? size : DefaultMaxPoolSize;
        }

        return settings.ConnectionString;
    }

    public const int DefaultMaxPoolSize = 40;

    /// <summary>
    /// The statements a process sends again and again (the booking's locks and reads, the outbox's claims) are prepared
    /// on each connection after a few uses, so PostgreSQL parses and plans them once: up to <c>Database:MaxAutoPrepare</c>
    /// of them (default 64; 0 turns it off) unless the connection string says otherwise.
    /// </summary>
    public static string? WithAutoPrepare(string? connectionString, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(connectionString)
            || connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = int.TryParse(configuration["Database:MaxAutoPrepare"], out var most) && most >= 0 ? most : DefaultMaxAutoPrepare,
        }.ConnectionString;
    }

    public const int DefaultMaxAutoPrepare = 64;
}
