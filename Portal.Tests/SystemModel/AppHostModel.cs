extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Portal.Tests.SystemModel;

/// <summary>The AppHost's model as its Program composes it, built and never orchestrated: nothing is started.</summary>
internal static class AppHostModel
{
    /// <summary>
    /// Aspire.Hosting.Testing runs the AppHost's Program on a thread of its own, and the Program goes on into <c>Run()</c>
    /// once it has built. Without hosted services (Aspire's orchestrator is one) that run starts no DCP. A DCP per test cost
    /// seconds of CPU, and under load a test often waited 30 s for it before its endpoints resolved.
    /// </summary>
    /// <remarks>
    /// The run still raises <see cref="BeforeStartEvent"/>, whose handlers add annotations to the resources: the model is
    /// returned only once the host has started, so that nothing changes it while a test reads it.
    /// </remarks>
    public static async Task<DistributedApplication> BuildAsync(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Portal_AppHost>(
            args, (options, _) => options.DisableDashboard = true, ct);
        builder.Services.RemoveAll<IHostedService>();
        builder.Eventing.Subscribe<BeforeStartEvent>((start, _) =>
        {
            AllocateEndpoints(start.Model);
            return Task.CompletedTask;
        });
        var app = await builder.BuildAsync(ct);

        var started = new TaskCompletionSource();
        using var registration = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1), ct);
        return app;
    }

    /// <summary>
    /// What DCP would do on start: a local address and port for every endpoint, so references to them resolve. Only the
    /// default network's: a container's reference to another container (Containers mode) would still wait for DCP.
    /// </summary>
    private static void AllocateEndpoints(DistributedApplicationModel model)
    {
        var port = 40000;
        foreach (var endpoint in model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", endpoint.Port ?? port++);
        }
    }
}
