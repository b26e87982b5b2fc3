extern alias Worker;

using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Portal.Tests.FullStack;
using Worker::Portal.Worker.Cms;

namespace Portal.Tests.Cms;

/// <summary>The schema step against the stack's real Directus: first on an empty one (at the stack's start), then again.</summary>
[Collection(FullStackCollection.Name)]
public sealed class CmsSchemaStackTests(PortalStack stack)
{
    [Fact]
    public async Task The_step_applies_the_schema_to_an_empty_Directus_and_a_second_run_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var finished = await stack.WaitForAsync("cms-schema", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
        Assert.Equal(0, finished.Snapshot.ExitCode);
        // The stack's Directus started empty: the first run applied the schema, created the Flow and the sample content.
        Assert.Contains(stack.LogsOf("cms-schema"), line => line.Contains("CMS: schema applied, Flow Created, the Api's account set, sample content added", StringComparison.Ordinal));

        var token = await CmsStackDirectus.ParameterAsync(stack, "directus-admin-token", ct);
        var apiToken = await CmsStackDirectus.ParameterAsync(stack, "directus-api-token", ct);
        var again = await CmsSchemaCommand.RunAsync(
            CmsStackDirectus.Url(stack), token, apiToken, await CmsStackDirectus.WebhookAsync(stack, ct), addSampleContent: true, TimeProvider.System, ct);

        Assert.True(again.ChangedNothing, $"the second run changed something: {again}");
        var directus = await CmsStackDirectus.AdminAsync(stack, ct);
        using var diff = await directus.Http.PostAsync("schema/diff",
            new StringContent(File.ReadAllText(CmsSchemaStep.SnapshotPath), System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.NoContent, diff.StatusCode);
        var flows = await directus.GetAsync($"flows?filter[name][_eq]={Uri.EscapeDataString(Portal.Core.Cms.CmsCollections.FlowName)}&fields=id", ct);
        Assert.Single(flows!.AsArray());

        // The Api's account reads content and cannot change it.
        using var reader = new HttpClient { BaseAddress = CmsStackDirectus.Url(stack) };
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiToken);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("items/articles?limit=1", ct)).StatusCode);
        using var write = await reader.PostAsync("items/articles",
            new StringContent("{\"title\":\"x\",\"slug\":\"x\"}", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }
}
