using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Worker.Crm;

/// <summary>
/// Twenty's REST API, the parts the portal uses: People found by primary email, made or updated; Notes and their
/// targets. Envelopes as Twenty writes them (<c>data.people</c>, <c>data.createPerson</c>, <c>data.notes</c>…).
/// </summary>
public sealed class TwentyClient(HttpClient http)
{
    public Task<string?> FindPersonAsync(string email, CancellationToken cancellationToken) =>
        FirstIdAsync($"rest/people?filter={Filter("emails.primaryEmail", email)}&limit=1", "people", cancellationToken);

    public Task<string> CreatePersonAsync(JsonObject person, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "rest/people", person, "createPerson", cancellationToken);

    public Task<string> UpdatePersonAsync(string id, JsonObject person, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"rest/people/{Uri.EscapeDataString(id)}", person, "updatePerson", cancellationToken);

    public async Task DeletePersonAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"rest/people/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await ReadAsync(response, cancellationToken); // already gone is what was asked for
        }
    }

    public Task<string?> FindNoteAsync(string title, CancellationToken cancellationToken) =>
        FirstIdAsync($"rest/notes?filter={Filter("title", title)}&limit=1", "notes", cancellationToken);

    public Task<string> CreateNoteAsync(string title, string markdown, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "rest/notes", new JsonObject
        {
            ["title"] = title,
            ["bodyV2"] = new JsonObject { ["markdown"] = markdown, ["blocknote"] = null },
        }, "createNote", cancellationToken);

    public Task<string?> FindNoteTargetAsync(string noteId, string personId, CancellationToken cancellationToken) =>
        FirstIdAsync($"rest/noteTargets?filter={Uri.EscapeDataString($"noteId[eq]:\"{noteId}\",personId[eq]:\"{personId}\"")}&limit=1",
            "noteTargets", cancellationToken);

    public Task<string> CreateNoteTargetAsync(string noteId, string personId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "rest/noteTargets", new JsonObject { ["noteId"] = noteId, ["personId"] = personId },
            "createNoteTarget", cancellationToken);

    private static string Filter(string field, string value) =>
        Uri.EscapeDataString($"{field}[eq]:\"{value.Replace("\"", "\\\"")}\"");

    private async Task<string?> FirstIdAsync(string path, string plural, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        var json = await ReadAsync(response, cancellationToken);
        return json["data"]?[plural] is JsonArray { Count: > 0 } items ? items[0]?["id"]?.GetValue<string>() : null;
    }

    private async Task<string> SendAsync(HttpMethod method, string path, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        var json = await ReadAsync(response, cancellationToken);
        return json["data"]?[operation]?["id"]?.GetValue<string>()
            ?? throw new TwentyRefusal(response.StatusCode, $"Twenty's answer to {method} {path} has no data.{operation}.id.");
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new TwentyRefusal(response.StatusCode, $"Twenty answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
        }

        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            throw new TwentyRefusal(response.StatusCode, "Twenty's answer is not JSON.");
        }
    }
}

/// <summary>Twenty said no (or said something unreadable); <see cref="Transient"/> when trying again later may help.</summary>
public sealed class TwentyRefusal(HttpStatusCode status, string message) : Exception(message)
{
    public bool Transient => status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
}
