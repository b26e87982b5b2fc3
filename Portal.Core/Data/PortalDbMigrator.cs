using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Bookings;
using Portal.Core.Practice;

namespace Portal.Core.Data;

/// <summary>
/// Brings the database to the latest migration and seeds what a new practice needs.
/// Runs once per deployment, before any service serves, so replicas never race to migrate.
/// </summary>
public sealed class PortalDbMigrator(PortalDb db, ILogger<PortalDbMigrator> logger)
{
    public async Task MigrateAndSeedAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, pending);
        await db.Database.MigrateAsync(cancellationToken);

        await SeedSessionTypesAsync(cancellationToken);
        await SeedPracticeAsync(cancellationToken);
    }

    private async Task SeedPracticeAsync(CancellationToken cancellationToken)
    {
        if (await db.PracticeSettings.AnyAsync(cancellationToken))
        {
            return;
        }

        db.PracticeSettings.Add(PracticeSeed.Settings());
        if (!await db.WorkingHours.AnyAsync(cancellationToken))
        {
            db.WorkingHours.AddRange(PracticeSeed.WeeklyHours());
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the practice settings and weekly hours");
    }

    private async Task SeedSessionTypesAsync(CancellationToken cancellationToken)
    {
        if (await db.SessionTypes.AnyAsync(cancellationToken))
        {
            return;
        }

        db.SessionTypes.AddRange(SessionTypeSeed.Create());
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the default session types");
    }
}
