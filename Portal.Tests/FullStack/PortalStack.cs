extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.FullStack;

/// <summary>
/// The whole system started once per test run through the real AppHost, in local-process mode
/// (PostgreSQL, Redis and Directus as processes), with its data in a temporary folder.
/// Starting and stopping costs tens of seconds, so every full-stack and browser test shares it.
/// </summary>
public sealed class PortalStack : IAsyncLifetime
{
    public static readonly string[] ServiceResources = ["postgres", "redis", "directus", "api", "worker", "web"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo dataPath = Directory.CreateTempSubdirectory("portal-tests-stack-");

    public DistributedApplication App { get; private set; } = null!;

    public Uri WebUrl => App.GetEndpoint("web", "http");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Portal_AppHost>(
            [
                "Portal:Infrastructure=LocalProcesses",
                $"Portal:Local:DataPath={dataPath.FullName}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        try
        {
            await Task.WhenAll(ServiceResources.Select(name =>
                App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The stack was not healthy within {StartTimeout}: {DescribeResources()}");
        }
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

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        dataPath.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FullStackCollection : ICollectionFixture<PortalStack>
{
    public const string Name = "full stack";
}
