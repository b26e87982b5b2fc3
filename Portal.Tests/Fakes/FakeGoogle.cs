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
