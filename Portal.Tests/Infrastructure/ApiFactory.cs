using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Core.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Api in memory over its own fresh database on the run's real PostgreSQL (and the run's Redis).
/// Use as a class fixture: the test class shares one database; classes never see each other's data.
/// </summary>
public sealed class ApiFactory(TestServers servers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DatabaseConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync() =>
        DatabaseConnectionString = await servers.Databases.CreateMigratedAsync();

    /// <summary>Direct access to this factory's database, to arrange and to check what the Api did.</summary>
    public PortalDb OpenDb() => TestDatabases.OpenPortalDb(DatabaseConnectionString);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{PortalDbRegistration.ConnectionName}", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", servers.RedisConnectionString);
    }
}
