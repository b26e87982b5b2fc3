using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>
/// Twenty's REST API on a real port, in its wire shapes (see WIRE-FORMATS.md): bearer key; <c>GET /rest/people</c> with
/// <c>filter=emails.primaryEmail[eq]:"…"</c> answering <c>{data:{people:[…]}, pageInfo, totalCount}</c>; <c>POST</c> → 201
/// <c>data.createPerson</c>; <c>PATCH /rest/people/{id}</c> → <c>data.updatePerson</c>;
/// <c>DELETE /rest/people/{id}</c> → <c>data.deletePerson</c>; notes and note targets alike;
/// errors <c>{statusCode, error, messages}</c>. It can be taken down (503) to be an outage.
/// </summary>
public sealed partial class FakeTwenty : IAsyncDisposable
{
    public const string ApiKey = "twenty-test-key";

    private WebApplication app = null!;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> records = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>While true every request gets 503, as from a Twenty that is down.</summary>
    public bool Down { get; set; }


    public IReadOnlyList<JsonObject> People => Of("people");

    public IReadOnlyList<JsonObject> Notes => Of("notes");

    public IReadOnlyList<JsonObject> NoteTargets => Of("noteTargets");

    public static async Task<FakeTwenty> StartAsync()
    {
        var fake = new FakeTwenty();
        (fake.app, fake.BaseUrl) = await FakeHttpServer.StartAsync(app =>
        {
            app.MapGet("/rest/{plural}", (Func<HttpContext, string, IResult>)fake.List);
            app.MapPost("/rest/{plural}", (Func<HttpContext, string, Task<IResult>>)fake.CreateAsync);
            app.MapPatch("/rest/{plural}/{id}", (Func<HttpContext, string, string, Task<IResult>>)fake.UpdateAsync);
            app.MapDelete("/rest/{plural}/{id}", (Func<HttpContext, string, string, IResult>)fake.Delete);
        });
        return fake;
    }

    private static readonly Dictionary<string, string> Singular = new() { ["people"] = "Person", ["notes"] = "Note", ["noteTargets"] = "NoteTarget" };

    private IReadOnlyList<JsonObject> Of(string plural) =>
        records.TryGetValue(plural, out var items) ? [.. items.Values] : [];

    private IResult? Refuse(HttpContext context, string plural) =>
        Down ? Error(503, "ServiceUnavailableException", "Twenty is down")
        : context.Request.Headers.Authorization != $"Bearer {ApiKey}" ? Error(401, "UnauthorizedException", "Token invalid")
        : !Singular.ContainsKey(plural) ? Error(400, "BadRequestException", $"object '{plural}' not found")
        : null;

    private IResult List(HttpContext context, string plural)
    {
        if (Refuse(context, plural) is { } refusal)
        {
            return refusal;
        }

        IEnumerable<JsonObject> items = Of(plural);
        foreach (Match term in FilterTerm().Matches(context.Request.Query["filter"].ToString()))
        {
            var (path, value) = (term.Groups["path"].Value, term.Groups["value"].Value);
            items = items.Where(item => Lookup(item, path) == value);
        }

        var list = items.ToList();
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { [plural] = new JsonArray([.. list.Select(i => (JsonNode)i.DeepClone())]) },
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["startCursor"] = null, ["endCursor"] = null },
            ["totalCount"] = list.Count,
        });
    }

    private async Task<IResult> CreateAsync(HttpContext context, string plural)
    {
        if (Refuse(context, plural) is { } refusal)
        {
            return refusal;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        if (plural == "people" && Lookup(body, "emails.primaryEmail") is not { Length: > 0 })
        {
            return Error(400, "BadRequestException", "emails.primaryEmail is required here");
        }

        LowerEmails(body);
        var id = Guid.NewGuid().ToString();
        body["id"] = id;
        records.GetOrAdd(plural, _ => new())[id] = body;
        return Results.Json(new JsonObject { ["data"] = new JsonObject { [$"create{Singular[plural]}"] = body.DeepClone() } }, statusCode: 201);
    }

    private async Task<IResult> UpdateAsync(HttpContext context, string plural, string id)
    {
        if (Refuse(context, plural) is { } refusal)
        {
            return refusal;
        }

        if (!records.TryGetValue(plural, out var items) || !items.TryGetValue(id, out var existing))
        {
            return Error(404, "NotFoundException", $"Record {id} not found");
        }

        var changes = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        LowerEmails(changes);
        foreach (var (name, value) in changes)
        {
            existing[name] = value?.DeepClone();
        }

        return Results.Json(new JsonObject { ["data"] = new JsonObject { [$"update{Singular[plural]}"] = existing.DeepClone() } });
    }

    private IResult Delete(HttpContext context, string plural, string id)
    {
        if (Refuse(context, plural) is { } refusal)
        {
            return refusal;
        }

        return records.TryGetValue(plural, out var items) && items.TryRemove(id, out _)
            ? Results.Json(new JsonObject { ["data"] = new JsonObject { [$"delete{Singular[plural]}"] = new JsonObject { ["id"] = id } } })
            : Error(404, "NotFoundException", $"Record {id} not found");
    }

    /// <summary>As Twenty stores an EMAILS field (its transformEmailsValue): the primary address in lower case.</summary>
    private static void LowerEmails(JsonObject record)
    {
        if (record["emails"] is JsonObject emails && emails["primaryEmail"] is JsonValue primary && primary.TryGetValue<string>(out var address))
        {
            emails["primaryEmail"] = address.ToLowerInvariant();
        }
    }

    private static string? Lookup(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new { statusCode = status, error, messages = new[] { message } }, statusCode: status);

    // field.path[eq]:"value" terms, comma-separated (ANDed), as Twenty's REST filter writes them.
    [GeneratedRegex("""(?<path>[A-Za-z.]+)\[eq\]:"(?<value>(?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex FilterTerm();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
