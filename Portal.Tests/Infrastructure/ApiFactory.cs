using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;

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
    public TestClock Clock { get; } = new(DefaultNow);

    public async ValueTask InitializeAsync() =>
        DatabaseConnectionString = await servers.Databases.CreateMigratedAsync();

    /// <summary>Direct access to this factory's database, to arrange and to check what the Api did.</summary>
    public PortalDb OpenDb() => TestDatabases.OpenPortalDb(DatabaseConnectionString);

    /// <summary>An HttpClient signed in as <paramref name="user"/> through a real session row, as sign-in will create it.</summary>
    public async Task<HttpClient> SignedInAsync(UserAccount user, TimeSpan? lifetime = null)
    {
        await using var db = OpenDb();
        db.UserAccounts.Add(user);
        var (session, token) = UserSession.Start(user, Clock.GetUtcNow(), lifetime ?? TimeSpan.FromDays(7));
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();

        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with an account, optionally past their discovery call.</summary>
    public async Task<(Client Client, HttpClient Http)> ClientSignedInAsync(string email, bool discoveryCompleted)
    {
        var client = Client.Register(new ContactDetails("Pat Client", email, "+447911123456"), "Europe/London", Clock.GetUtcNow());
        if (discoveryCompleted)
        {
            client.CompleteDiscovery(Clock.GetUtcNow());
        }

        await using (var db = OpenDb())
        {
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }

        return (client, await SignedInAsync(UserAccount.ForClient(client, Clock.GetUtcNow())));
    }

    public Task<HttpClient> TherapistSignedInAsync() =>
        SignedInAsync(UserAccount.ForTherapist($"therapist-{Guid.NewGuid():N}@example.com", Clock.GetUtcNow()));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{PortalDbRegistration.ConnectionName}", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", servers.RedisConnectionString);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
