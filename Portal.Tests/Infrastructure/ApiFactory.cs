using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Tests.Fakes;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Api in memory over its own fresh database on the run's real PostgreSQL (and the run's Redis).
/// Use as a class fixture: the test class shares one database; classes never see each other's data.
/// Requests may name their peer address with <see cref="TestPeerAddress.Header"/>.
/// </summary>
public class ApiFactory(TestServers servers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 07:00 UTC (London): a known week, far from any daylight-saving change.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    /// <summary>This factory's database as the superuser, to arrange and to check; the Api reaches it as the app role.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>This factory's database as the Api reaches it: the app role, which owns nothing.</summary>
    public string AppConnectionString => TestDatabases.AsApp(DatabaseConnectionString);

    /// <summary>The Api's clock; tests move it.</summary>
    public TestClock Clock { get; } = new(DefaultNow);

    /// <summary>Stripe as this Api sees it (null when <see cref="WithStripe"/> is false).</summary>
    public FakeStripe? Stripe { get; private set; }

    public async ValueTask InitializeAsync()
    {
        DatabaseConnectionString = await CreateDatabaseAsync(servers);
        if (WithStripe)
        {
            Stripe = await FakeStripe.StartAsync();
            Stripe.Clock = Clock;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }
    }

    /// <summary>A fresh migrated database; a replica (<see cref="ReplicaOf"/>) takes its first instance's instead.</summary>
    protected virtual Task<string> CreateDatabaseAsync(TestServers servers) => servers.Databases.CreateMigratedAsync();

    /// <summary>Whether Stripe keys are configured (paid bookings are switched off without them).</summary>
    protected virtual bool WithStripe => true;

    /// <summary>Where Checkout sends clients back to.</summary>
    public static readonly Uri PublicUrl = new("https://portal.example/");

    /// <summary>Direct access to this factory's database, to arrange and to check what the Api did.</summary>
    /// <remarks>
    /// What a test writes here is arranged as if before its next request: the Api is told, as it is of its own writes,
    /// to read the calendar version afresh (changes written elsewhere reach it by notice within a second, which
    /// <c>SharedAvailabilityTests</c> checks).
    /// </remarks>
    public PortalDb OpenDb() => ArrangingWatch() is { } watch
        ? new PortalDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PortalDb>()
            .UseNpgsql(DatabaseConnectionString).UsePortalConventions().AddInterceptors(new Portal.Api.Availability.WritesRaiseDoubt(watch)).Options)
        : TestDatabases.OpenPortalDb(DatabaseConnectionString);

    private Portal.Api.Availability.CalendarVersionWatch? ArrangingWatch()
    {
        try
        {
            return host?.Services.GetService<Portal.Api.Availability.CalendarVersionWatch>();
        }
        catch (ObjectDisposedException)
        {
            return null; // a host made through WithWebHostBuilder, since disposed
        }
    }

    private Microsoft.Extensions.Hosting.IHost? host;

    // WithWebHostBuilder's factories create their hosts through this too: the first host made is this factory's own.
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var created = base.CreateHost(builder);
        host ??= created;
        return created;
    }

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

    /// <summary>The environment the Api runs in; the password door exists only in Development.</summary>
    protected virtual string EnvironmentName => "Testing";

    protected virtual string RedisConnectionString => servers.RedisConnectionString;

    /// <summary>
    /// Settings on top of the Api's own. Rate limits are out of the way here (the booking storms come from one
    /// address); the rate limit tests set their own.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = DefaultSettings;

    protected static IReadOnlyDictionary<string, string> DefaultSettings => new Dictionary<string, string>
    {
        ["RateLimits:KeyPrefix"] = $"test-{Guid.NewGuid():N}",
        ["Messaging:LiveChannelPrefix"] = $"test-{Guid.NewGuid():N}",
        ["FreeTimes:Channel"] = $"test-{Guid.NewGuid():N}:free-times-changed",
        ["RateLimits:MagicLinkPerAddress:PermitLimit"] = "100000",
        ["RateLimits:MagicLinkPerIp:PermitLimit"] = "100000",
        ["RateLimits:SignInPerIp:PermitLimit"] = "100000",
        ["RateLimits:BookingPerCaller:PermitLimit"] = "100000",
        ["RateLimits:SlotSearchPerIp:PermitLimit"] = "100000",
        // Tests book by the hundred; the floor that hides a known address has its own test (KnownAddressBookingTests).
        ["Identity:GuestBookingAnswerTime"] = "00:00:00",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting($"ConnectionStrings:{PortalDbRegistration.ConnectionName}", AppConnectionString);
        builder.UseSetting("ConnectionStrings:redis", RedisConnectionString);
        builder.UseSetting("Portal:PublicUrl", PublicUrl.ToString());
        builder.UseSetting(TestKeyRing.Setting, TestKeyRing.Certificate);
        builder.UseSetting("Sealing:ActiveKey", TestSealing.KeyId);
        builder.UseSetting($"Sealing:Keys:{TestSealing.KeyId}", TestSealing.Key);
        foreach (var (key, value) in Settings.Concat(Stripe?.Settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestPeerAddress.AddTo(services);
        });
    }
}
