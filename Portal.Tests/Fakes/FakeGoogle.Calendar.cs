using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>Calendar API v3: calendarList, events list (paging, sync tokens), insert, patch and delete.</summary>
public sealed partial class FakeGoogle
{
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
}
