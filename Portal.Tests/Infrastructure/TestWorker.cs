extern alias Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core;
using Portal.Core.Data;
using Worker::Portal.Worker.Crm;
using Worker::Portal.Worker.Emails;
using Worker::Portal.Worker.Newsletter;
using Worker::Portal.Worker.Outbox;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The Worker's outbox dispatcher and email delivery, built with the Worker's own registrations over a test
/// database. Drain it by hand for exact steps, or start it to run as in production (LISTEN/NOTIFY, polling).
/// </summary>
public sealed class TestWorker : IAsyncDisposable
{
    public static readonly Uri PublicUrl = new("https://portal.example/");

    private readonly IHost host;
    private bool started;

    private TestWorker(IHost host) => this.host = host;

    public OutboxDispatcher Dispatcher => host.Services.GetRequiredService<OutboxDispatcher>();

    public IServiceProvider Services => host.Services;

    /// <param name="databaseConnectionString">A database of <see cref="TestDatabases.CreateMigratedAsync"/>; the Worker reaches it as the app role.</param>
    /// <param name="settings">Configuration on top of the defaults (fast retries, the public URL, Development).</param>
    /// <param name="logs">Where its logs go too, at every level.</param>
    public static TestWorker Create(
        string databaseConnectionString, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = TestDatabases.AsApp(databaseConnectionString),
            ["Portal:PublicUrl"] = PublicUrl.ToString(),
            [TestKeyRing.Setting] = TestKeyRing.Certificate,
            ["Sealing:ActiveKey"] = TestSealing.KeyId,
            [$"Sealing:Keys:{TestSealing.KeyId}"] = TestSealing.Key,
            ["Outbox:FirstRetryDelay"] = "00:00:00.020",
            ["Outbox:MaxRetryDelay"] = "00:00:00.100",
            ["Outbox:PollInterval"] = "00:00:00.200",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        logs?.AddTo(builder.Logging);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.AddPortalCore();
        builder.AddOutboxDispatcher();
        builder.AddEmail();
        builder.AddNewsletterSending();
        builder.AddTwentyCrm();
        return new TestWorker(builder.Build());
    }

    /// <summary>Sends through <paramref name="resend"/> (and SMTP behind it when given).</summary>
    public static TestWorker WithResend(
        string databaseConnectionString, Fakes.FakeResend resend, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? more = null,
        CapturedLogs? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Resend:ApiKey"] = Fakes.FakeResend.ApiKey,
            ["Resend:BaseUrl"] = resend.BaseUrl.ToString(),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return Create(databaseConnectionString, settings, clock, logs);
    }

    public Task DrainAsync(CancellationToken cancellationToken = default) => Dispatcher.DrainAsync(cancellationToken);

    /// <summary>Drains until nothing is owed (retries included) or the time runs out.</summary>
    public async Task DrainUntilSettledAsync(string databaseConnectionString, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await DrainAsync();
            await using var db = TestDatabases.OpenPortalDb(databaseConnectionString);
            if (!db.OutboxMessages.Any(m => m.ProcessedAt == null && m.DeadLetteredAt == null))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The outbox still owes messages after {timeout}.");
    }

    public async Task StartAsync()
    {
        await host.StartAsync();
        started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            await host.StopAsync();
        }

        host.Dispose();
    }
}
