using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Sealing;

namespace Portal.Worker.Database;

/// <summary>
/// <c>Portal.Worker migrate</c>: applies migrations and seeds, then exits.
/// The AppHost runs it as its own resource and starts the Api and the Worker only after it completed.
/// </summary>
public static class MigrateCommand
{
    public const string Argument = "migrate";

    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        // EF Core's check that no model change lacks a migration builds the whole model again (0.7 s here, at every
        // start); MigrationTests makes the same check in CI for every change that lands.
        builder.AddPortalDb(options => options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning)));
        // Messages written before they were sealed are sealed on the way (PlainMessages).
        if (builder.Configuration.GetSection(Portal.Core.Sealing.SealingKeys.Section).Exists())
        {
            builder.AddSealing();
        }

        builder.Services.AddScoped<PortalDbMigrator>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PortalDbMigrator>().MigrateAndSeedAsync(stopping);
            var therapist = builder.Configuration["Identity:TherapistEmail"];
            if (await TherapistAccountSeed.EnsureAsync(scope.ServiceProvider.GetRequiredService<PortalDb>(), therapist, DateTimeOffset.UtcNow, stopping))
            {
                logger.LogInformation("Created the therapist's account for the address in Identity:TherapistEmail");
            }

            logger.LogInformation("The database is up to date");
            return 0;
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Migrating the database failed; the Api and the Worker will not start");
            return 1;
        }
    }
}
