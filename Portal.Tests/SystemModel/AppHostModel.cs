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
    public static async Task<DistributedApplication> BuildAsync(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Portal_AppHost>(
            args, (options, _) => options.DisableDashboard = true, ct);
        builder.Services.RemoveAll<IHostedService>();
        var app = await builder.BuildAsync(ct);
        AllocateEndpoints(app.Services.GetRequiredService<DistributedApplicationModel>());
        return app;
    }

    /// <summary>What DCP would do on start: a local address and port for every endpoint, so references to them resolve.</summary>
    private static void AllocateEndpoints(DistributedApplicationModel model)
    {
        var port = 40000;
        foreach (var endpoint in model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", endpoint.Port ?? port++);
        }
    }
}
