using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Practice;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

public sealed class MigrationTests(TestServers servers)
{
    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_and_seeds_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await servers.Databases.CreateEmptyAsync(ct);

        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await TestDatabases.Migrator(db).MigrateAndSeedAsync(ct);
        }

        // The second run is what every later deployment does: nothing pending, nothing seeded twice.
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await TestDatabases.Migrator(db).MigrateAndSeedAsync(ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            var slugs = await db.SessionTypes.Select(t => t.Slug).ToListAsync(ct);
            Assert.Equal(SessionTypeSeed.Create().Select(t => t.Slug).Order(), slugs.Order());
            Assert.Equal(1, await db.PracticeSettings.CountAsync(ct));
            Assert.Equal(PracticeSeed.WeeklyHours().Count, await db.WorkingHours.CountAsync(ct));
        }
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var db = TestDatabases.OpenPortalDb(servers.PostgresConnectionString);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model differs from the last migration: run `dotnet ef migrations add <Name> --project Portal.Core --output-dir Data/Migrations`.");
    }
}
