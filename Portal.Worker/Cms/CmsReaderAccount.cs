using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Portal.Core.Cms;

namespace Portal.Worker.Cms;

/// <summary>
/// The account the Api reads Directus with: a user whose only policy reads the Portal's collections and files, with a
/// static token the AppHost generates. The Api never holds the admin token, so a fault in it cannot change content.
/// </summary>
public sealed class CmsReaderAccount(DirectusAdmin directus)
{
    public const string PolicyName = "Portal Api: reads content";
    public const string Email = "portal-api@example.com";

    private static readonly string[] Readable = [.. CmsCollections.All, "directus_files"];

    /// <returns>Whether anything had to change.</returns>
    public async Task<bool> EnsureAsync(string token, CancellationToken cancellationToken)
    {
        var changed = false;
        var policies = await directus.GetAsync($"policies?filter[name][_eq]={Uri.EscapeDataString(PolicyName)}&fields=id&limit=1", cancellationToken);
        string policy;
        if (policies is JsonArray { Count: > 0 } found)
        {
            policy = (string)found[0]!["id"]!;
        }
        else
        {
            var created = await directus.PostAsync("policies", new JsonObject
            {
                ["name"] = PolicyName,
                ["icon"] = "visibility",
                ["description"] = "Created by the Portal's cms-schema step: the Api reads articles, episodes, pages, the FAQ and their files.",
                ["admin_access"] = false,
                ["app_access"] = false,
            }, cancellationToken);
            policy = (string)created!["id"]!;
            changed = true;
        }

        foreach (var collection in Readable)
        {
            var permission = await directus.GetAsync(
                $"permissions?filter[policy][_eq]={policy}&filter[collection][_eq]={collection}&filter[action][_eq]=read&fields=id&limit=1", cancellationToken);
            if (permission is JsonArray { Count: > 0 })
            {
                continue;
            }

            await directus.PostAsync("permissions", new JsonObject
            {
                ["policy"] = policy, ["collection"] = collection, ["action"] = "read", ["fields"] = new JsonArray("*"),
            }, cancellationToken);
            changed = true;
        }

        var users = await directus.GetAsync($"users?filter[email][_eq]={Uri.EscapeDataString(Email)}&fields=id&limit=1", cancellationToken);
        if (users is not JsonArray { Count: > 0 } existing)
        {
            await directus.PostAsync("users", new JsonObject
            {
                ["email"] = Email,
                ["first_name"] = "Portal Api",
                ["status"] = "active",
                ["token"] = token,
                ["policies"] = new JsonArray(new JsonObject { ["policy"] = policy }),
            }, cancellationToken);
            return true;
        }

        // The token is never shown again: ask Directus who it belongs to, and set it only when it is not this user's.
        var id = (string)existing[0]!["id"]!;
        if (await WhoseTokenAsync(token, cancellationToken) != id)
        {
            await directus.PatchAsync($"users/{id}", new JsonObject { ["token"] = token, ["status"] = "active" }, cancellationToken);
            changed = true;
        }

        return changed;
    }

    private async Task<string?> WhoseTokenAsync(string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me?fields=id");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await directus.Http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["data"]?["id"]
            : null;
    }
}
