using Microsoft.Extensions.Hosting;

namespace Portal.Core.Data;

public static class PortalDbRegistration
{
    /// <summary>The name of the connection string the AppHost hands every service (<c>ConnectionStrings:portal</c>).</summary>
    public const string ConnectionName = "portal";

    /// <summary>Registers <see cref="PortalDb"/> with pooling, retries, health check and telemetry.</summary>
    public static IHostApplicationBuilder AddPortalDb(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<PortalDb>(ConnectionName, configureDbContextOptions: options => options.UsePortalConventions());
        return builder;
    }
}
