using Portal.Core.Data;
using Portal.Worker.Backup;

namespace Portal.Worker.Database;

/// <summary>
/// <c>Portal.Worker roles</c>: as the superuser (<c>ConnectionStrings:postgres</c>), makes the server's roles and
/// databases agree with the connection strings <c>portal-owner</c>, <c>portal</c> and (if given) <c>directus-db</c>,
/// then exits (README: "Database roles"). The AppHost runs it at every start, before the migrations and Directus.
/// </summary>
public static class RolesCommand
{
    public const string Verb = "roles";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RolesCommand));
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        try
        {
            string Required(string name) => builder.Configuration.GetConnectionString(name)
                ?? throw new InvalidOperationException($"There is no ConnectionStrings:{name}.");

            var portal = new OwnedDatabase(
                DatabaseLogin.From(Required(DatabaseRoles.OwnerConnectionName), DatabaseRoles.OwnerConnectionName),
                DatabaseLogin.From(Required(PortalDbRegistration.ConnectionName), PortalDbRegistration.ConnectionName));
            List<OwnedDatabase> databases = [portal];
            if (builder.Configuration.GetConnectionString(PracticeBackup.DirectusConnectionName) is { } directus)
            {
                databases.Add(new OwnedDatabase(DatabaseLogin.From(directus, PracticeBackup.DirectusConnectionName)));
            }

            await DatabaseRoles.EnsureAsync(Required(DatabaseRoles.AdminConnectionName), databases, stopping);
            foreach (var database in databases)
            {
                logger.LogInformation("{Owner} owns the database {Database}; {App} may read and write its tables",
                    database.Owner.Role, database.Owner.Database, database.App?.Role ?? "no other role");
            }

            return 0;
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Setting up the database roles failed; the migrations and Directus will not start");
            return 1;
        }
    }
}
