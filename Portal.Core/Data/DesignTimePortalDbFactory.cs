using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting a service.
/// No connection is opened to add a migration, so the connection string is only a placeholder.
/// </summary>
internal sealed class DesignTimePortalDbFactory : IDesignTimeDbContextFactory<PortalDb>
{
    public PortalDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDb>()
            .UseNpgsql("Host=localhost;Database=portal")
            .UsePortalConventions()
            .Options);
}
