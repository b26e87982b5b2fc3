using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Tests.SystemModel;

namespace Portal.Tests.Cms;

/// <summary>
/// The CMS in the AppHost's model: the schema step runs beside the Api (which serves without Directus, as in a deployment,
/// and so starts seconds sooner) and calls it back; the Web holds no CMS secret.
/// </summary>
public sealed class CmsAppHostModelTests
{
    [Fact]
    public async Task The_api_starts_beside_the_schema_step_which_calls_it_back_with_the_secret_the_api_checks()
    {
        await using var app = await AppHostModel.BuildAsync(
            "Portal:Infrastructure=LocalProcesses", "Parameters:directus-webhook-secret=the-secret", "Parameters:directus-admin-token=the-token", "Parameters:directus-api-token=the-api-token");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        var apiWaits = model.Resources.Single(r => r.Name == "api").Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.DoesNotContain("cms-schema", apiWaits);
        Assert.DoesNotContain("directus", apiWaits);
        var webWaits = model.Resources.Single(r => r.Name == "web").Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.DoesNotContain("api", webWaits);
        // The step starts with Directus and waits for it itself, its own start overlapping Directus's.
        var stepWait = Assert.Single(model.Resources.Single(r => r.Name == "cms-schema").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "directus");
        Assert.Equal(WaitType.WaitUntilStarted, stepWait.WaitType);

        var step = await EnvironmentAsync(app, "cms-schema");
        var api = await EnvironmentAsync(app, "api");
        var web = await EnvironmentAsync(app, "web");
        Assert.Equal("the-secret", step["Cms__WebhookSecret"]);
        Assert.Equal("the-secret", api["Cms__WebhookSecret"]);
        Assert.Equal("the-token", step["Cms__DirectusToken"]);
        Assert.Equal("the-api-token", step["Cms__ApiToken"]);
        // The Api reads with its own read-only account, never as Directus's administrator.
        Assert.Equal("the-api-token", api["Cms__DirectusToken"]);
        Assert.DoesNotContain(api, variable => variable.Value == "the-token");
        Assert.EndsWith("/api/webhooks/directus", step["Cms__WebhookUrl"]);
        Assert.DoesNotContain(web, variable => variable.Value is "the-secret" or "the-token" or "the-api-token");
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, string resource)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var result = await ExecutionConfigurationBuilder.Create(model.Resources.Single(r => r.Name == resource))
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, TestContext.Current.CancellationToken);
        return result.EnvironmentVariables.ToDictionary();
    }
}
