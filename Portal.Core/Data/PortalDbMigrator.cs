using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Portal.Core.Bookings;
using Portal.Core.Practice;

namespace Portal.Core.Data;

/// <summary>
/// Brings the database to the latest migration and seeds what a new practice needs.
/// Runs once per deployment, before any service serves, so replicas never race to migrate.
/// </summary>
/// <param name="sealer">Seals messages written before they were sealed; needed only where such messages exist.</param>
public sealed class PortalDbMigrator(PortalDb db, ILogger<PortalDbMigrator> logger, Sealing.Sealer? sealer = null)
{
    public async Task MigrateAndSeedAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, pending);
        if (pending.Contains(Messaging.PlainMessages.PlainColumnsDropped))
        {
            await db.GetService<IMigrator>().MigrateAsync(Messaging.PlainMessages.SealedColumnsAdded, cancellationToken);
            var sealedCount = await Messaging.PlainMessages.SealAsync(db, sealer, cancellationToken);
            logger.LogInformation("Sealed {Count} message subject(s) and bodies written before messages were sealed", sealedCount);
        }

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
