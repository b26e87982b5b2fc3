using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Api in memory over its own fresh database on the run's real PostgreSQL (and the run's Redis).
/// Use as a class fixture: the test class shares one database; classes never see each other's data.
/// </summary>
public sealed class ApiFactory(TestServers servers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 07:00 UTC (London): a known week, far from any daylight-saving change.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>The Api's clock; tests move it.</summary>
    public FakeTimeProvider Clock { get; } = new(DefaultNow);

    public async ValueTask InitializeAsync() =>
        DatabaseConnectionString = await servers.Databases.CreateMigratedAsync();

    /// <summary>Direct access to this factory's database, to arrange and to check what the Api did.</summary>
    public PortalDb OpenDb() => TestDatabases.OpenPortalDb(DatabaseConnectionString);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{PortalDbRegistration.ConnectionName}", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", servers.RedisConnectionString);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
