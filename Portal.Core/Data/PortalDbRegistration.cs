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
    public static IHostApplicationBuilder AddPortalDb(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<PortalDb>(ConnectionName, configureDbContextOptions: options => options
            .UsePortalConventions()
            .UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, errorCodesToAdd: null)));
        return builder;
    }
}
