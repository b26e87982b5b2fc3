using System.Text.Json.Nodes;
using Portal.Core.Cms;

namespace Portal.Worker.Cms;

/// <summary>What one run of the schema step changed in Directus.</summary>
public sealed record CmsSchemaOutcome(bool SchemaChanged, FlowChange Flow, bool ReaderChanged, bool SampleContentAdded)
{
    public bool ChangedNothing => !SchemaChanged && Flow == FlowChange.Unchanged && !ReaderChanged && !SampleContentAdded;
}

public enum FlowChange
{
    Unchanged,
    Created,
    Updated,
}

/// <summary>Where the Flow calls the Api, and the secret it sends along.</summary>
public sealed record CmsWebhookTarget(Uri Url, string Secret);

/// <summary>
/// Brings Directus to the Portal's schema (the checked-in snapshot <c>Cms/directus-schema.json</c>) by
/// <c>/schema/diff</c> and <c>/schema/apply</c>, and makes sure the Flow that tells the Api about changes exists and
/// points at the Api with the current secret. Safe to run at every start: with nothing to do it changes nothing.
/// </summary>
public sealed class CmsSchemaStep(DirectusAdmin directus)
{
    public static string SnapshotPath => Path.Combine(AppContext.BaseDirectory, "Cms", "directus-schema.json");

    public static JsonNode ReadSnapshot() => JsonNode.Parse(File.ReadAllText(SnapshotPath))!;

    /// <returns>Whether the schema had to change.</returns>
    public async Task<bool> ApplySchemaAsync(JsonNode snapshot, CancellationToken cancellationToken)
    {
        // 204 when Directus already has exactly this schema; otherwise the diff and the hash it was made from.
        var diff = await directus.PostAsync("schema/diff", snapshot, cancellationToken);
        if (diff is null)
        {
            return false;
        }

        await directus.PostAsync("schema/apply", new JsonObject { ["hash"] = diff["hash"]!.DeepClone(), ["diff"] = diff["diff"]!.DeepClone() }, cancellationToken);
        return true;
    }

    public async Task<FlowChange> EnsureFlowAsync(CmsWebhookTarget target, CancellationToken cancellationToken)
    {
        var flowOptions = new JsonObject
        {
            ["type"] = "action",
            ["scope"] = new JsonArray("items.create", "items.update", "items.delete"),
            ["collections"] = new JsonArray([.. CmsCollections.All.Select(c => (JsonNode)c), "directus_files"]),
        };
        var operationOptions = new JsonObject
        {
            ["method"] = "POST",
            ["url"] = target.Url.ToString(),
            ["headers"] = new JsonArray(
                new JsonObject { ["header"] = CmsCollections.WebhookSecretHeader, ["value"] = target.Secret },
                new JsonObject { ["header"] = "Content-Type", ["value"] = "application/json" }),
            // Which collection changed is enough: the Api evicts that collection's lists and items.
            ["body"] = "{\"event\":\"{{$trigger.event}}\",\"collection\":\"{{$trigger.collection}}\"}",
        };

        var found = await directus.GetAsync(
            $"flows?filter[name][_eq]={Uri.EscapeDataString(CmsCollections.FlowName)}&fields=id,status,options,operation.id,operation.options&limit=1",
            cancellationToken);
        if (found is JsonArray { Count: > 0 } flows && flows[0] is JsonObject flow && flow["operation"] is JsonObject operation)
        {
            var same = JsonNode.DeepEquals(flow["options"], flowOptions) && JsonNode.DeepEquals(operation["options"], operationOptions)
                && (string?)flow["status"] == "active";
            if (same)
            {
                return FlowChange.Unchanged;
            }

            await directus.PatchAsync($"operations/{operation["id"]}", new JsonObject { ["options"] = operationOptions }, cancellationToken);
            await directus.PatchAsync($"flows/{flow["id"]}", new JsonObject { ["options"] = flowOptions, ["status"] = "active" }, cancellationToken);
            return FlowChange.Updated;
        }

        if (found is JsonArray { Count: > 0 } broken)
        {
            // A flow of ours without its operation (deleted by hand): start again.
            await directus.SendAsync(HttpMethod.Delete, $"flows/{broken[0]!["id"]}", null, cancellationToken);
        }

        var created = await directus.PostAsync("flows", new JsonObject
        {
            ["name"] = CmsCollections.FlowName,
            ["icon"] = "sync",
            ["description"] = "Created by the Portal's cms-schema step: tells the Api which collection changed, so its cache is refreshed.",
            ["status"] = "active",
            ["trigger"] = "event",
            ["accountability"] = "activity",
            ["options"] = flowOptions,
        }, cancellationToken);
        var flowId = (string)created!["id"]!;
        var op = await directus.PostAsync("operations", new JsonObject
        {
            ["flow"] = flowId,
            ["name"] = "Tell the Api",
            ["key"] = "tell_the_api",
            ["type"] = "request",
            ["position_x"] = 19,
            ["position_y"] = 1,
            ["options"] = operationOptions,
        }, cancellationToken);
        await directus.PatchAsync($"flows/{flowId}", new JsonObject { ["operation"] = op!["id"]!.DeepClone() }, cancellationToken);
        return FlowChange.Created;
    }

    /// <summary>
    /// Tells the Api that everything may have changed (a collection it does not know drops every cached answer). The Api
    /// starts without waiting for this step and may have read a collection before it existed; if the Api is not up yet,
    /// it has read nothing, and this is not needed.
    /// </summary>
    public async Task TellTheApiAsync(CmsWebhookTarget target, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new StringContent(new JsonObject { ["event"] = "schema.applied", ["collection"] = "directus_schema" }.ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(CmsCollections.WebhookSecretHeader, target.Secret);
        try
        {
            using var _ = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The Api is not answering yet: it has nothing cached.
        }
    }
}
