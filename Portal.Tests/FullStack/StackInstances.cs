using Aspire.Hosting.ApplicationModel;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.FullStack;

/// <summary>The stack's instances of a replicated service, each by its own address: past the AppHost's proxy.</summary>
public static class StackInstances
{
    /// <summary>Each instance's own address (the port its process was told to listen on), once it answers /health itself.</summary>
    public static async Task<Uri[]> AddressesAsync(PortalStack stack, string resource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var instances = await stack.EveryReplicaHealthyAsync(resource, timeout.Token);
        var addresses = instances.Select(instance => AddressOf(instance.Snapshot)).Distinct().ToArray();
        Assert.True(addresses.Length == PortalStack.Replicas,
            $"{resource}: {addresses.Length} distinct addresses among {instances.Count} instances: "
            + string.Join(" | ", instances.Select(i => string.Join(", ", i.Snapshot.EnvironmentVariables.Select(v => $"{v.Name}={v.Value}")))));

        // Healthy as the AppHost sees it may be the proxy's answer: each instance must answer for itself.
        foreach (var address in addresses)
        {
            using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await probe.GetAsync("/health", timeout.Token)).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), $"{resource} at {address} does not answer /health");
        }

        return addresses;
    }

    private static Uri AddressOf(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        if (!string.IsNullOrEmpty(urls))
        {
            return new Uri(urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal)).Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal));
        }

        var port = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "HTTP_PORTS")?.Value?.Split(';')[0];
        return port is null
            ? throw new InvalidOperationException("No address: " + string.Join(", ", snapshot.EnvironmentVariables.Select(v => v.Name)))
            : new Uri($"http://localhost:{port}");
    }
}
