extern alias AppHost;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.FullStack;

/// <summary>
/// The whole system started once per test run through the real AppHost, in local-process mode
/// (PostgreSQL, Redis and Directus as processes), with its data in a temporary folder, and two instances each of the
/// Api, the Web and the Worker behind the AppHost's proxies: every full-stack test runs against replicas.
/// Starting and stopping costs tens of seconds, so every full-stack and browser test shares it.
/// </summary>
public sealed class PortalStack : IAsyncLifetime
{
    public static readonly string[] ServiceResources = ["postgres", "redis", "directus", "api", "worker", "web"];

    /// <summary>The Api, the Web and the Worker each run as this many instances (<c>Portal:Replicas</c>), as a deployment may.</summary>
    public const int Replicas = 2;

    public static readonly string[] ReplicatedResources = ["api", "worker", "web"];

    /// <summary>Steps that run once and exit; the services do not wait for the CMS schema, the tests do.</summary>
    public static readonly string[] OneShotResources = ["postgres-roles", "migrations", "cms-schema"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo dataPath = CreateDataFolder();

    public DistributedApplication App { get; private set; } = null!;

    public Uri WebUrl => App.GetEndpoint("web", "http");

    /// <summary>Stripe for the whole stack: the AppHost hands its address and keys to the Api and the Worker.</summary>
    public Fakes.FakeStripe Stripe { get; private set; } = null!;

    /// <summary>Google for the whole stack (OAuth and Calendar): the AppHost hands its addresses and keys to the Api and the Worker.</summary>
    public Fakes.FakeGoogle Google { get; private set; } = null!;

    /// <summary>The local PostgreSQL's data folder (local-process mode).</summary>
    public string PostgresDataPath => Path.Combine(dataPath.FullName, "postgres");

    /// <summary>Where the Worker writes emails in this stack (no provider is configured in tests).</summary>
    public string MailFolder => Path.Combine(dataPath.FullName, "mail");

    /// <summary>
    /// Every line the stack's resources have written so far (their console output, which the testing host forwards to
    /// its own logging under "{AppHost}.Resources.{resource}").
    /// </summary>
    public CapturedLogs ResourceLogs { get; } = new();

    public List<string> LogsOf(params string[] resources) =>
        ResourceLogs.Lines.Where(line => resources.Any(r =>
            line.Contains($".Resources.{r}:", StringComparison.Ordinal) || line.Contains($".Resources.{r}-", StringComparison.Ordinal))).ToList();

    /// <summary>The link behind an email's button ("{button}: {url}" in its text), from the newest such email in the mail folder.</summary>
    public async Task<string> LinkFromEmailAsync(string to, string pattern, string button, DateTime writtenAfter)
    {
        string? link = null;
        await Eventually.TrueAsync(() =>
        {
            var files = Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, pattern) : [];
            foreach (var file in files.Where(f => File.GetLastWriteTimeUtc(f) >= writtenAfter).OrderByDescending(File.GetLastWriteTimeUtc))
            {
                var message = MimeKit.MimeMessage.Load(file);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
                {
                    link = Regex.Match(message.TextBody ?? "", $@"{button}: (\S+)").Groups[1].Value;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(30), $"no '{pattern}' email to {to} in {MailFolder}");
        return link!;
    }

    /// <summary>How often each Worker looks for freed times to offer to the waitlist (Waitlist:CheckEvery).</summary>
    public static readonly TimeSpan WaitlistPass = TimeSpan.FromSeconds(5);

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        Stripe = await Fakes.FakeStripe.StartAsync();
        Google = await Fakes.FakeGoogle.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Portal_AppHost>(
            [
                "Portal:Infrastructure=LocalProcesses",
                $"Portal:Replicas={Replicas}",
                // The browser tests sign the therapist in through the developer's password door.
                "Identity:PasswordDoor:Enabled=true",
                $"Portal:Local:DataPath={dataPath.FullName}",
                .. Stripe.Settings.Select(setting => $"{setting.Key}={setting.Value}"),
                .. Google.Settings.Select(setting => $"{setting.Key}={setting.Value}"),
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Services.AddLogging(ResourceLogs.AddTo);
        // Every browser test signs in from this one address through the password door, more than the 20 sign-ins per
        // address a quarter of an hour allows a person (that limit has its own tests: RateLimitTests).
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api"))
            .WithEnvironment("RateLimits__SignInPerIp__PermitLimit", "1000");
        // The waitlist's pass every 5 s rather than 30: ReplicaTimedWorkStackTests waits for two passes of both Workers.
        foreach (var worker in builder.Resources.OfType<ProjectResource>().Where(r => r.Name == "worker"))
        {
            builder.CreateResourceBuilder(worker).WithEnvironment("Waitlist__CheckEvery", WaitlistPass.ToString("c"));
        }

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        var healthy = Task.WhenAll(ServiceResources.Select(name =>
            ReplicatedResources.Contains(name) ? (Task)EveryReplicaHealthyAsync(name, timeout.Token) : App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token))
            .Concat(OneShotResources.Select(name => App.ResourceNotifications.WaitForResourceAsync(
                name, update => update.Snapshot.State?.Text == KnownResourceStates.Finished && update.Snapshot.ExitCode == 0, timeout.Token))));
        var failed = FirstFailedResourceAsync(timeout.Token);
        try
        {
            if (await Task.WhenAny(healthy, failed) == failed)
            {
                throw new InvalidOperationException(
                    $"{await failed} failed while the stack was starting (its log is in the test output): {DescribeResources()}");
            }

            await healthy;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The stack was not healthy within {StartTimeout}: {DescribeResources()}");
        }
    }

    /// <summary>Every instance of a replicated service healthy (the proxy may send a request to any of them).</summary>
    public async Task<IReadOnlyList<ResourceEvent>> EveryReplicaHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        var healthy = new Dictionary<string, ResourceEvent>();
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resource)
            {
                continue;
            }

            if (update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy && update.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                healthy[update.ResourceId] = update;
            }
            else
            {
                healthy.Remove(update.ResourceId);
            }

            if (healthy.Count >= Replicas)
            {
                return [.. healthy.Values];
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    // A resource that dies during start-up would otherwise show only as a time-out minutes later.
    private async Task<string> FirstFailedResourceAsync(CancellationToken cancellationToken)
    {
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            var state = update.Snapshot.State?.Text;
            var finishedCleanly = state == KnownResourceStates.Finished && update.Snapshot.ExitCode is 0 or null;
            if (KnownResourceStates.TerminalStates.Contains(state) && !finishedCleanly)
            {
                return update.Resource.Name;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    // The local PostgreSQL runs as the postgres user, which must be able to reach the folder.
    private static DirectoryInfo CreateDataFolder()
    {
        var folder = Directory.CreateTempSubdirectory("portal-tests-stack-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.FullName, (UnixFileMode)0b111_101_101);
        }

        return folder;
    }

    public async Task<ResourceEvent> WaitForAsync(string resource, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken) =>
        await App.ResourceNotifications.WaitForResourceAsync(resource, predicate, cancellationToken);

    private string DescribeResources()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        return string.Join(", ", model.Resources.Select(resource =>
            App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state)
                ? $"{resource.Name}={state.Snapshot.State?.Text}/{state.Snapshot.HealthStatus}"
                : $"{resource.Name}=unknown"));
    }

    /// <summary>Where the stack's logs of the run are kept: a full-stack test that fails in CI is read from them.</summary>
    public static string LogPath { get; } = Path.Combine(Repository.Root, "artifacts", "test-results", "full-stack.log");

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        await File.WriteAllLinesAsync(LogPath, ResourceLogs.Lines);

        await Stripe.DisposeAsync();
        await Google.DisposeAsync();
        StopWhatStillRunsIn(dataPath);
        dataPath.Delete(recursive: true);
    }

    /// <summary>
    /// A server the stack started that outlived it (seen with redis-server) would keep its port, and the lock file
    /// that serialises full-stack runs, for ever: anything still working in the stack's folder is stopped.
    /// </summary>
    private static void StopWhatStillRunsIn(DirectoryInfo folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var process in System.Diagnostics.Process.GetProcesses())
        {
            try
            {
                var cwd = new FileInfo($"/proc/{process.Id}/cwd").LinkTarget;
                if (cwd is not null && cwd.StartsWith(folder.FullName, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to look at.
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FullStackCollection : ICollectionFixture<PortalStack>, ICollectionFixture<Browser.Chromium>
{
    public const string Name = "full stack";
}
