using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Worker.Backup;

/// <summary>Which EF Core migration a portal database is at, and which this build knows, asked through EF itself.</summary>
public static class PortalMigrations
{
    /// <summary>Every migration this build of the Portal knows, oldest first.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. Open(connectionString: null).Database.GetMigrations()];

    /// <summary>The newest migration applied to the database; null when none is.</summary>
    public static async Task<string?> LatestAppliedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = Open(connectionString);
        return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
    }

    private static PortalDb Open(string? connectionString) =>
        new(new DbContextOptionsBuilder<PortalDb>().UseNpgsql(connectionString).UsePortalConventions().Options);
}
