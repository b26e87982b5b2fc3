extern alias Worker;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.FullStack;
using Worker::Portal.Worker.Cms;

namespace Portal.Tests.Cms;

/// <summary>The stack's real Directus as its administrator, and the settings the stack's schema step ran with.</summary>
public static class CmsStackDirectus
{
    public static Uri Url(PortalStack stack) => new(stack.App.GetEndpoint("directus", "http").ToString().TrimEnd('/') + "/");

    public static async Task<string> ParameterAsync(PortalStack stack, string name, CancellationToken cancellationToken)
    {
        var model = stack.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return (await parameter.GetValueAsync(cancellationToken))!;
    }

    public static async Task<DirectusAdmin> AdminAsync(PortalStack stack, CancellationToken cancellationToken) =>
        DirectusAdmin.Create(Url(stack), await ParameterAsync(stack, "directus-admin-token", cancellationToken));

    public static async Task<CmsWebhookTarget> WebhookAsync(PortalStack stack, CancellationToken cancellationToken) =>
        new(new Uri(stack.App.GetEndpoint("api", "http").ToString().TrimEnd('/') + "/api/webhooks/directus"),
            await ParameterAsync(stack, "directus-webhook-secret", cancellationToken));
}
