using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>
/// Google's OAuth 2.0 web-server flow and the Calendar API v3 calls the portal makes, on a real port, in Google's wire
/// format (WIRE-FORMATS.md): a consent page, the token endpoint (code + PKCE S256, refresh, <c>invalid_grant</c>),
/// revoke, calendarList, events list with paging, <c>nextSyncToken</c>/<c>syncToken</c> and 410 <c>fullSyncRequired</c>,
/// insert with client ids (409 <c>duplicate</c>) and Meet conferences, patch, delete (410 <c>deleted</c>), and
/// <c>{"error":{errors,code,message}}</c> bodies. Tests change her calendar here and inject failures.
/// </summary>
public sealed partial class FakeGoogle : IAsyncDisposable
{
    public const string ClientId = "fake-client.apps.googleusercontent.com";
    public const string ClientSecret = "fake-google-secret";
    public const string Account = "anna.whitfield@example.com";

    private WebApplication app = null!;
    private readonly Lock gate = new();
    private readonly Dictionary<string, FakeCalendar> calendars = new();
    private readonly Dictionary<string, (string Challenge, string RedirectUri, string Scope, bool Used)> codes = new();
    private readonly HashSet<string> refreshTokens = new();
    private readonly Dictionary<string, string> accessTokens = new(); // access → refresh
    private readonly Dictionary<string, List<JsonObject>> pages = new();
    private readonly List<Failure> failures = new();
    private readonly ConcurrentQueue<GoogleRequest> requests = new();
    private long sequence;
    private int syncGeneration;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<GoogleRequest> Requests => requests;

    /// <summary>Each events.list request takes at least this long (a slow Google).</summary>
    public TimeSpan ListDelay { get; set; }

    /// <summary>The most events.list requests served at the same time so far.</summary>
    public int MostListsAtOnce => mostListsAtOnce;

    private int listsNow;
    private int mostListsAtOnce;

    /// <summary>Events per page of events.list at most (Google's default is 250).</summary>
    public int PageSize { get; set; } = 250;

    public static async Task<FakeGoogle> StartAsync()
    {
        var fake = new FakeGoogle();
        fake.AddCalendar(Account, "Anna Whitfield", "owner", primary: true);
        (fake.app, fake.BaseUrl) = await FakeHttpServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                fake.requests.Enqueue(new GoogleRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? ""));
                if (fake.FailureFor(context.Request) is { } failure)
                {
                    await Error(failure.Status, failure.Reason, $"Injected: {failure.Reason}").ExecuteAsync(context);
                    return;
                }

                await next(context);
            });
            app.MapGet("/o/oauth2/v2/auth", fake.ConsentPage);
            app.MapPost("/o/oauth2/v2/auth/decide", fake.DecideAsync);
            app.MapPost("/token", fake.TokenAsync);
            app.MapPost("/revoke", fake.RevokeAsync);
            app.MapGet("/calendar/v3/users/me/calendarList", fake.CalendarList);
            app.MapGet("/calendar/v3/calendars/{calendarId}/events", fake.ListEventsSlowlyAsync);
            app.MapPost("/calendar/v3/calendars/{calendarId}/events", fake.InsertAsync);
            app.MapPatch("/calendar/v3/calendars/{calendarId}/events/{eventId}", fake.PatchAsync);
            app.MapDelete("/calendar/v3/calendars/{calendarId}/events/{eventId}", fake.Delete);
        });
        return fake;
    }

    /// <summary>Settings that point the Api (or the Worker) at this fake.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Google:ClientId"] = ClientId,
        ["Google:ClientSecret"] = ClientSecret,
        ["Google:AuthorizeEndpoint"] = new Uri(BaseUrl, "o/oauth2/v2/auth").ToString(),
        ["Google:TokenEndpoint"] = new Uri(BaseUrl, "token").ToString(),
        ["Google:RevokeEndpoint"] = new Uri(BaseUrl, "revoke").ToString(),
        ["Google:CalendarApi"] = new Uri(BaseUrl, "calendar/v3/").ToString(),
    };

    // ---- her side: consent, and her calendars as she changes them in Google ----

    /// <summary>She answers the consent page (as a browser without scripts would): the address Google sends her back to.</summary>
    public async Task<Uri> ConsentAsync(Uri authorizeUrl, bool allow)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetStringAsync(authorizeUrl);
        var fields = HiddenField().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["decision"] = allow ? "allow" : "deny";
        using var answer = await http.PostAsync(new Uri(BaseUrl, "o/oauth2/v2/auth/decide"), new FormUrlEncodedContent(fields));
        return answer.Headers.Location ?? throw new InvalidOperationException($"The consent page answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
    }

    public void AddCalendar(string id, string summary, string accessRole, bool primary = false)
    {
        lock (gate)
        {
            calendars[id] = new FakeCalendar(id, summary, accessRole, primary);
        }
    }

    /// <summary>Adds or replaces an event as she would in Google; returns its id.</summary>
    public string Put(string calendarId, JsonObject e)
    {
        lock (gate)
        {
            var calendar = Calendar(calendarId)!;
            var id = e["id"]?.GetValue<string>() ?? $"ev{Guid.NewGuid():N}";
            e["id"] = id;
            e["status"] ??= "confirmed";
            calendar.Events[id] = new FakeEvent(e, ++sequence);
            return id;
        }
    }

    public static JsonObject Timed(DateTimeOffset start, DateTimeOffset end, string summary = "Dentist") => new()
    {
        ["summary"] = summary,
        ["start"] = new JsonObject { ["dateTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), ["timeZone"] = "Europe/London" },
        ["end"] = new JsonObject { ["dateTime"] = end.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), ["timeZone"] = "Europe/London" },
    };

    public static JsonObject AllDay(DateOnly first, DateOnly endExclusive, string summary = "Away") => new()
    {
        ["summary"] = summary,
        ["start"] = new JsonObject { ["date"] = first.ToString("yyyy-MM-dd") },
        ["end"] = new JsonObject { ["date"] = endExclusive.ToString("yyyy-MM-dd") },
    };

    /// <summary>She deletes it in Google: a sync token then reports it cancelled.</summary>
    public void Cancel(string calendarId, string eventId)
    {
        lock (gate)
        {
            var calendar = Calendar(calendarId)!;
            calendar.Events[eventId] = new FakeEvent(new JsonObject { ["id"] = eventId, ["status"] = "cancelled" }, ++sequence, Deleted: true);
        }
    }

    /// <summary>The events in a calendar now (deleted ones included, with status cancelled).</summary>
    public IReadOnlyList<JsonObject> Events(string calendarId)
    {
        lock (gate)
        {
            return Calendar(calendarId)!.Events.Values.Select(e => (JsonObject)e.Json.DeepClone()).ToList();
        }
    }

    /// <summary>She removes the portal's access in her Google account: every token stops working (refresh answers invalid_grant).</summary>
    public void RevokeEverything()
    {
        lock (gate)
        {
            refreshTokens.Clear();
            accessTokens.Clear();
        }
    }

    /// <summary>Access tokens stop working (they expired): the next call gets 401 and the portal must refresh.</summary>
    public void ExpireAccessTokens()
    {
        lock (gate)
        {
            accessTokens.Clear();
        }
    }

    /// <summary>Every sync token given so far is answered 410 fullSyncRequired.</summary>
    public void InvalidateSyncTokens()
    {
        lock (gate)
        {
            syncGeneration++;
        }
    }

    /// <summary>
    /// Matching requests (method, a path fragment) fail with <paramref name="status"/>/<paramref name="reason"/>: the
    /// first <paramref name="skip"/> pass, then <paramref name="times"/> fail. <paramref name="loseAnswer"/>: the request is
    /// done, then the connection is cut before the answer (a lost answer).
    /// </summary>
    public void Fail(string method, string pathContains, int status, string reason, int times = 1, int skip = 0, bool loseAnswer = false)
    {
        lock (gate)
        {
            failures.Add(new Failure(method, pathContains, status, reason, times, skip, loseAnswer));
        }
    }

    public int RefreshTokensIssued { get; private set; }

    // ---- OAuth ----

    private IResult ConsentPage(HttpRequest request)
    {
        var q = request.Query;
        string? problem = q["client_id"] != ClientId ? "invalid_client"
            : q["response_type"] != "code" ? "unsupported_response_type"
            : q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ? "invalid_request (PKCE S256 required)"
            : string.IsNullOrEmpty(q["redirect_uri"]) || string.IsNullOrEmpty(q["state"]) ? "invalid_request"
            : null;
        if (problem is not null)
        {
            return Results.Content($"<!doctype html><html lang=\"en\"><title>Error</title><h1>Error 400: {problem}</h1></html>", "text/html", statusCode: 400);
        }

        string Hidden(string name) => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(q[name])}\">";
        var hidden = string.Concat(new[] { "redirect_uri", "state", "code_challenge", "scope", "access_type", "prompt" }.Select(Hidden));
        return Results.Content($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Google Accounts</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body><main><h1>Portal wants to access your Google Account</h1><p>{{Account}}</p>
            <p>This will allow the portal to see and edit events on all your calendars, and see the list of your calendars.</p>
            <form method="post" action="/o/oauth2/v2/auth/decide">{{hidden}}
            <button type="submit" name="decision" value="deny">Cancel</button>
            <button type="submit" name="decision" value="allow">Allow</button></form></main></body></html>
            """, "text/html");
    }

    private async Task<IResult> DecideAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var redirect = form["redirect_uri"].ToString();
        var state = Uri.EscapeDataString(form["state"].ToString());
        if (form["decision"] != "allow")
        {
            return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        }

        var code = $"4/fake-code-{Guid.NewGuid():N}";
        lock (gate)
        {
            codes[code] = (form["code_challenge"].ToString(), redirect, form["scope"].ToString(), false);
        }

        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&scope={Uri.EscapeDataString(form["scope"].ToString())}&state={state}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return OAuthError(401, "invalid_client", "The OAuth client was not found.");
        }

        lock (gate)
        {
            switch (form["grant_type"].ToString())
            {
                case "authorization_code":
                    var code = form["code"].ToString();
                    if (!codes.TryGetValue(code, out var issued) || issued.Used)
                    {
                        return OAuthError(400, "invalid_grant", "Malformed auth code.");
                    }

                    codes[code] = issued with { Used = true };
                    if (issued.RedirectUri != form["redirect_uri"])
                    {
                        return OAuthError(400, "redirect_uri_mismatch", "Bad Request");
                    }

                    var verifier = form["code_verifier"].ToString();
                    var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    if (verifier.Length < 43 || challenge != issued.Challenge)
                    {
                        return OAuthError(400, "invalid_grant", "Invalid code verifier.");
                    }

                    var refresh = $"1//fake-refresh-{Guid.NewGuid():N}";
                    refreshTokens.Add(refresh);
                    RefreshTokensIssued++;
                    return Results.Json(new JsonObject
                    {
                        ["access_token"] = Access(refresh), ["expires_in"] = 3599, ["token_type"] = "Bearer",
                        ["scope"] = issued.Scope, ["refresh_token"] = refresh,
                    });

                case "refresh_token":
                    var token = form["refresh_token"].ToString();
                    if (!refreshTokens.Contains(token))
                    {
                        return OAuthError(400, "invalid_grant", "Token has been expired or revoked.");
                    }

                    return Results.Json(new JsonObject { ["access_token"] = Access(token), ["expires_in"] = 3599, ["token_type"] = "Bearer" });

                default:
                    return OAuthError(400, "unsupported_grant_type", "Invalid grant_type.");
            }
        }
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var token = request.Query["token"].ToString();
        if (token.Length == 0 && request.HasFormContentType)
        {
            token = (await request.ReadFormAsync())["token"].ToString();
        }

        lock (gate)
        {
            var refresh = accessTokens.GetValueOrDefault(token) ?? token;
            if (!refreshTokens.Remove(refresh))
            {
                return OAuthError(400, "invalid_token", "Token expired or revoked");
            }

            foreach (var access in accessTokens.Where(a => a.Value == refresh).Select(a => a.Key).ToList())
            {
                accessTokens.Remove(access);
            }

            return Results.Ok();
        }
    }

    private string Access(string refresh)
    {
        var access = $"ya29.fake-{Guid.NewGuid():N}";
        accessTokens[access] = refresh;
        return access;
    }

    // ---- Calendar API ----

    private IResult CalendarList(HttpRequest request)
    {
        lock (gate)
        {
            if (!Authorized(request))
            {
                return Error(401, "authError", "Invalid Credentials");
            }

            var items = new JsonArray();
            foreach (var c in calendars.Values)
            {
                var item = new JsonObject { ["kind"] = "calendar#calendarListEntry", ["id"] = c.Id, ["summary"] = c.Summary, ["accessRole"] = c.AccessRole, ["selected"] = true };
                if (c.Primary)
                {
                    item["primary"] = true;
                }

                items.Add(item);
            }

            return Results.Json(new JsonObject { ["kind"] = "calendar#calendarList", ["items"] = items });
        }
    }

    private async Task<IResult> ListEventsSlowlyAsync(HttpRequest request, string calendarId)
    {
        var now = Interlocked.Increment(ref listsNow);
        InterlockedMax(ref mostListsAtOnce, now);
        try
        {
            if (ListDelay > TimeSpan.Zero)
            {
                await Task.Delay(ListDelay);
            }

            return ListEvents(request, calendarId);
        }
        finally
        {
            Interlocked.Decrement(ref listsNow);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private IResult ListEvents(HttpRequest request, string calendarId)
    {
        lock (gate)
        {
            if (!Authorized(request))
            {
                return Error(401, "authError", "Invalid Credentials");
            }

            if (Calendar(calendarId) is not { } calendar)
            {
                return Error(404, "notFound", "Not Found");
            }

            var q = request.Query;
            var pageSize = Math.Min(PageSize, int.TryParse(q["maxResults"], out var max) ? Math.Min(max, 2500) : 250);
            List<JsonObject> rest;
            if (q["pageToken"].ToString() is { Length: > 0 } pageToken)
            {
                if (!pages.Remove(pageToken, out var remaining))
                {
                    return Error(400, "invalid", "Invalid page token.");
                }

                rest = remaining;
            }
            else if (q["syncToken"].ToString() is { Length: > 0 } syncToken)
            {
                if (q.ContainsKey("timeMin") || q.ContainsKey("timeMax") || q.ContainsKey("orderBy"))
                {
                    return Error(400, "invalid", "Sync token cannot be combined with timeMin, timeMax or orderBy.");
                }

                var parts = syncToken.Split('-');
                if (parts.Length != 3 || parts[1] != syncGeneration.ToString() || !long.TryParse(parts[2], out var since))
                {
                    return Error(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
                }

                rest = calendar.Events.Values.Where(e => e.Changed > since).OrderBy(e => e.Changed).Select(e => (JsonObject)e.Json.DeepClone()).ToList();
            }
            else
            {
                DateTimeOffset? timeMin = q.ContainsKey("timeMin") ? DateTimeOffset.Parse(q["timeMin"]!) : null;
                DateTimeOffset? timeMax = q.ContainsKey("timeMax") ? DateTimeOffset.Parse(q["timeMax"]!) : null;
                rest = calendar.Events.Values.Where(e => !e.Deleted)
                    .Where(e => timeMin is null || End(e.Json) > timeMin)
                    .Where(e => timeMax is null || Start(e.Json) < timeMax)
                    .OrderBy(e => Start(e.Json))
                    .Select(e => (JsonObject)e.Json.DeepClone()).ToList();
            }

            var page = new JsonObject { ["kind"] = "calendar#events", ["summary"] = calendar.Summary, ["timeZone"] = "Europe/London", ["items"] = new JsonArray([.. rest.Take(pageSize)]) };
            if (rest.Count > pageSize)
            {
                var next = $"page-{Guid.NewGuid():N}";
                pages[next] = rest.Skip(pageSize).ToList();
                page["nextPageToken"] = next;
            }
            else
            {
                page["nextSyncToken"] = $"sync-{syncGeneration}-{sequence}";
            }

            return Results.Json(page);
        }
    }

    private async Task<IResult> InsertAsync(HttpContext context, string calendarId)
    {
        var body = (JsonObject)JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
        lock (gate)
        {
            if (!Authorized(context.Request))
            {
                return Error(401, "authError", "Invalid Credentials");
            }

            if (Calendar(calendarId) is not { } calendar)
            {
                return Error(404, "notFound", "Not Found");
            }

            if (calendar.AccessRole is not ("owner" or "writer"))
            {
                return Error(403, "requiredAccessLevel", "You need to have writer access to this calendar.");
            }

            var id = body["id"]?.GetValue<string>() ?? $"ev{Guid.NewGuid():N}";
            if (!EventIdPattern().IsMatch(id))
            {
                return Error(400, "invalid", "Invalid resource id value.");
            }

            if (calendar.Events.ContainsKey(id))
            {
                return Error(409, "duplicate", "The requested identifier already exists.");
            }

            body["id"] = id;
            body["status"] = "confirmed";
            if (context.Request.Query["conferenceDataVersion"] == "1"
                && body["conferenceData"]?["createRequest"]?["conferenceSolutionKey"]?["type"]?.GetValue<string>() == "hangoutsMeet")
            {
                var meet = $"https://meet.google.com/{Letters(3)}-{Letters(4)}-{Letters(3)}";
                body["conferenceData"]!["createRequest"]!["status"] = new JsonObject { ["statusCode"] = "success" };
                body["conferenceData"]!["entryPoints"] = new JsonArray(new JsonObject { ["entryPointType"] = "video", ["uri"] = meet });
                body["hangoutLink"] = meet;
            }
            else
            {
                body.Remove("conferenceData");
            }

            calendar.Events[id] = new FakeEvent(body, ++sequence);
            return Answer(context, body);
        }
    }

    private async Task<IResult> PatchAsync(HttpContext context, string calendarId, string eventId)
    {
        var body = (JsonObject)JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
        lock (gate)
        {
            if (!Authorized(context.Request))
            {
                return Error(401, "authError", "Invalid Credentials");
            }

            if (Calendar(calendarId)?.Events.GetValueOrDefault(eventId) is not { } existing)
            {
                return Error(404, "notFound", "Not Found");
            }

            if (existing.Deleted)
            {
                return Error(410, "deleted", "Resource has been deleted");
            }

            var patched = (JsonObject)existing.Json.DeepClone();
            foreach (var (key, value) in body)
            {
                if (key is not "id" and not "conferenceData")
                {
                    patched[key] = value?.DeepClone();
                }
            }

            Calendar(calendarId)!.Events[eventId] = new FakeEvent(patched, ++sequence);
            return Answer(context, patched);
        }
    }

    private IResult Delete(HttpContext context, string calendarId, string eventId)
    {
        lock (gate)
        {
            if (!Authorized(context.Request))
            {
                return Error(401, "authError", "Invalid Credentials");
            }

            if (Calendar(calendarId)?.Events.GetValueOrDefault(eventId) is not { } existing)
            {
                return Error(404, "notFound", "Not Found");
            }

            if (existing.Deleted)
            {
                return Error(410, "deleted", "Resource has been deleted");
            }

            Calendar(calendarId)!.Events[eventId] = new FakeEvent(new JsonObject { ["id"] = eventId, ["status"] = "cancelled" }, ++sequence, Deleted: true);
            return Answer(context, null);
        }
    }

    // ---- plumbing ----

    private IResult Answer(HttpContext context, JsonObject? body)
    {
        if (context.Items.ContainsKey(LoseAnswer))
        {
            context.Abort();
            return Results.Empty;
        }

        return body is null ? Results.NoContent() : Results.Json(body);
    }

    private const string LoseAnswer = "lose-answer";

    private Failure? FailureFor(HttpRequest request)
    {
        lock (gate)
        {
            foreach (var failure in failures)
            {
                if (failure.Method != request.Method || !request.Path.Value!.Contains(failure.PathContains, StringComparison.Ordinal) || failure.Times <= 0)
                {
                    continue;
                }

                if (failure.Skip > 0)
                {
                    failure.Skip--;
                    return null;
                }

                failure.Times--;
                if (failure.LoseAnswer)
                {
                    request.HttpContext.Items[LoseAnswer] = true;
                    return null;
                }

                return failure;
            }

            return null;
        }
    }

    private bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && accessTokens.ContainsKey(header["Bearer ".Length..]);

    private FakeCalendar? Calendar(string id) =>
        id == "primary" ? calendars.Values.Single(c => c.Primary) : calendars.GetValueOrDefault(id);

    private static DateTimeOffset Start(JsonObject e) => TimeOf(e["start"]!);

    private static DateTimeOffset End(JsonObject e) => TimeOf(e["end"]!);

    private static DateTimeOffset TimeOf(JsonNode time) =>
        time["dateTime"] is { } dateTime ? DateTimeOffset.Parse(dateTime.GetValue<string>()) : DateTimeOffset.Parse(time["date"]!.GetValue<string>() + "T00:00:00Z");

    private static string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));

    private static IResult Error(int status, string reason, string message) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["domain"] = status == 403 || status == 429 ? "usageLimits" : "global", ["reason"] = reason, ["message"] = message }),
            ["code"] = status,
            ["message"] = message,
        },
    }, statusCode: status);

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    [GeneratedRegex("^[a-v0-9]{5,1024}$")]
    private static partial Regex EventIdPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record FakeCalendar(string Id, string Summary, string AccessRole, bool Primary)
    {
        public Dictionary<string, FakeEvent> Events { get; } = new();
    }

    private sealed record FakeEvent(JsonObject Json, long Changed, bool Deleted = false);

    private sealed class Failure(string method, string pathContains, int status, string reason, int times, int skip, bool loseAnswer)
    {
        public string Method { get; } = method;
        public string PathContains { get; } = pathContains;
        public int Status { get; } = status;
        public string Reason { get; } = reason;
        public int Times { get; set; } = times;
        public int Skip { get; set; } = skip;
        public bool LoseAnswer { get; } = loseAnswer;
    }
}

public sealed record GoogleRequest(string Method, string Path, string Query);
