using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Bookings;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Identity;

/// <summary>
/// Every Api endpoint, called as an anonymous visitor, as client B (a stranger to A's data), as client A and as the
/// therapist, against the status each must get. A new endpoint fails this test until it is added to the table.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Unauthorized = 401, Forbidden = 403, NotFound = 404, Ok = 200, Created = 201, NoContent = 204,
        Accepted = 202, BadRequest = 400, Conflict = 409, ServiceUnavailable = 503;

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_it_should()
    {
        var world = await World.CreateAsync(api);
        var cases = Cases(world);

        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order().ToList();
        Assert.Equal(mapped, cases.Select(c => $"{c.Method} {c.Route}").Order().ToList());

        var failures = new List<string>();
        foreach (var check in cases)
        {
            foreach (var (caller, http) in world.CallersFor(check.FreshSessions ? await world.FreshSessionsAsync() : null))
            {
                using var request = new HttpRequestMessage(new HttpMethod(check.Method), check.Path);
                if (check.Body is not null)
                {
                    request.Content = JsonContent.Create(check.Body);
                }

                using var response = await http.SendAsync(request, ct);
                var expected = check.Expected[caller];
                if ((int)response.StatusCode != expected)
                {
                    failures.Add($"{check.Method} {check.Path} as {caller}: {(int)response.StatusCode}, expected {expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Client_B_never_sees_client_As_bookings_or_notifications_or_messages()
    {
        var world = await World.CreateAsync(api);
        var threadsOfB = await world.ClientB.GetFromJsonAsync<Portal.Api.Messaging.ThreadPageResponse>("/api/messages/threads", ct);
        Assert.Empty(threadsOfB!.Threads);
        var threadsOfA = await world.ClientA.GetFromJsonAsync<Portal.Api.Messaging.ThreadPageResponse>("/api/messages/threads", ct);
        Assert.Equal(world.ThreadOfA, Assert.Single(threadsOfA!.Threads).Id);

        var bookings = await world.ClientB.GetFromJsonAsync<BookingResponse[]>("/api/me/bookings", ct);
        var notifications = await world.ClientB.GetFromJsonAsync<Portal.Api.Notifications.NotificationList>("/api/notifications", ct);

        Assert.DoesNotContain(bookings!, b => b.Id == world.BookingOfA);
        Assert.DoesNotContain(notifications!.Items, n => n.Id == world.NotificationOfA);
        Assert.Contains((await world.ClientA.GetFromJsonAsync<BookingResponse[]>("/api/me/bookings", ct))!, b => b.Id == world.BookingOfA);
    }

    /// <summary>Run in this order: B before A, so A's successful change never hides what B would get.</summary>
    private static List<Check> Cases(World w)
    {
        var a = w.BookingOfA;
        var range = "from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z";
        return
        [
            new("GET", "api/session-types", "/api/session-types", null, All(Ok)),
            new("GET", "api/session-types/all", "/api/session-types/all", null, Therapist(Ok)),
            new("POST", "api/session-types", "/api/session-types", new { }, Therapist(BadRequest)),
            new("PUT", "api/session-types/{slug}", "/api/session-types/discovery-call", new { }, Therapist(BadRequest)),
            new("GET", "api/messages/threads", "/api/messages/threads", null, SignedIn(Ok)),
            new("GET", "api/messages/threads/{id:guid}", $"/api/messages/threads/{w.ThreadOfA}", null, Owner(a: Ok, therapist: Ok)),
            // Before A's booking is cancelled below. B has no booking, A only a discovery call booked: neither may start a
            // thread, A may reply in hers; she must say to whom she writes.
            new("POST", "api/messages/threads", "/api/messages/threads", new { subject = "Matrix", body = "Hello" },
                new() { ["anonymous"] = Unauthorized, ["client B"] = Forbidden, ["client A"] = Forbidden, ["therapist"] = BadRequest }),
            new("POST", "api/messages/threads/{id:guid}/messages", $"/api/messages/threads/{w.ThreadOfA}/messages", new { body = "Matrix reply" },
                Owner(a: Created, therapist: Created)),
            new("POST", "api/messages/threads/{id:guid}/read", $"/api/messages/threads/{w.ThreadOfA}/read", null, Owner(a: Ok, therapist: Ok)),
            new("GET", "api/slots", "/api/slots?sessionType=discovery-call&from=2026-03-03&to=2026-03-04&tz=Europe/London", null, All(Ok)),
            new("POST", "api/bookings", "/api/bookings", new { sessionType = "discovery-call" }, All(BadRequest)),
            new("GET", "api/bookings", $"/api/bookings?{range}", null, Therapist(Ok)),
            new("POST", "api/bookings/{id:guid}/reschedule", $"/api/bookings/{a}/reschedule", new { start = "2020-01-07T10:00:00Z" },
                Owner(a: Conflict, therapist: Conflict)),
            new("POST", "api/bookings/{id:guid}/complete", $"/api/bookings/{a}/complete", null, Therapist(Conflict)),
            new("POST", "api/bookings/{id:guid}/no-show", $"/api/bookings/{a}/no-show", null, Therapist(Conflict)),
            new("POST", "api/bookings/{id:guid}/cancel", $"/api/bookings/{a}/cancel", new { }, Owner(a: Ok, therapist: Conflict)),
            new("GET", "api/availability/working-hours", "/api/availability/working-hours", null, Therapist(Ok)),
            new("PUT", "api/availability/working-hours", "/api/availability/working-hours", new { }, Therapist(BadRequest)),
            new("POST", "api/availability/working-hours/preview", "/api/availability/working-hours/preview", Array.Empty<object>(), Therapist(Ok)),
            new("POST", "api/availability/exceptions/preview", "/api/availability/exceptions/preview", new { }, Therapist(BadRequest)),
            new("GET", "api/availability/exceptions", $"/api/availability/exceptions?{range}", null, Therapist(Ok)),
            new("POST", "api/availability/exceptions", "/api/availability/exceptions", new { }, Therapist(BadRequest)),
            new("DELETE", "api/availability/exceptions/{id:guid}", $"/api/availability/exceptions/{Guid.NewGuid()}", null, Therapist(NotFound)),
            new("GET", "api/availability/blocked-periods", $"/api/availability/blocked-periods?{range}", null, Therapist(Ok)),
            new("POST", "api/availability/blocked-periods", "/api/availability/blocked-periods", new { }, Therapist(BadRequest)),
            new("DELETE", "api/availability/blocked-periods/{id:guid}", $"/api/availability/blocked-periods/{Guid.NewGuid()}", null, Therapist(NotFound)),
            new("GET", "api/clients", "/api/clients", null, Therapist(Ok)),
            new("POST", "api/clients/{id:guid}/discovery-completed", $"/api/clients/{Guid.NewGuid()}/discovery-completed", null, Therapist(NotFound)),
            new("GET", "api/clients/{id:guid}", $"/api/clients/{w.ClientIdOfA}", null, Therapist(Ok)),
            new("GET", "api/clients/{id:guid}/timeline", $"/api/clients/{w.ClientIdOfA}/timeline", null, Therapist(Ok)),
            new("GET", "api/clients/{id:guid}/sessions", $"/api/clients/{w.ClientIdOfA}/sessions", null, Therapist(Ok)),
            new("POST", "api/clients/{id:guid}/another-discovery-call", $"/api/clients/{Guid.NewGuid()}/another-discovery-call", null, Therapist(NotFound)),
            new("POST", "api/clients/{id:guid}/inactive", $"/api/clients/{Guid.NewGuid()}/inactive", null, Therapist(NotFound)),
            new("POST", "api/clients/{id:guid}/active", $"/api/clients/{Guid.NewGuid()}/active", null, Therapist(NotFound)),
            new("GET", "api/clients/{clientId:guid}/notes", $"/api/clients/{w.ClientIdOfA}/notes", null, Therapist(Ok)),
            new("POST", "api/clients/{clientId:guid}/notes", $"/api/clients/{w.ClientIdOfA}/notes", new { }, Therapist(BadRequest)),
            new("GET", "api/notes/latest", $"/api/notes/latest?clientId={w.ClientIdOfA}", null, Therapist(Ok)),
            new("GET", "api/notes/{id:guid}", $"/api/notes/{w.NoteOnA}", null, Therapist(Ok)),
            new("PUT", "api/notes/{id:guid}", $"/api/notes/{w.NoteOnA}", new { text = "signed already" }, Therapist(Conflict)),
            new("POST", "api/notes/{id:guid}/sign", $"/api/notes/{Guid.NewGuid()}/sign", null, Therapist(NotFound)),
            new("POST", "api/notes/{id:guid}/amendments", $"/api/notes/{Guid.NewGuid()}/amendments", new { }, Therapist(NotFound)),
            new("GET", "api/audit", "/api/audit", null, Therapist(Ok)),
            new("GET", "api/practice/settings", "/api/practice/settings", null, Therapist(Ok)),
            new("PUT", "api/practice/settings", "/api/practice/settings", new { timeZone = "Nowhere/Else" }, Therapist(BadRequest)),
            new("POST", "api/practice/settings/preview", "/api/practice/settings/preview", new { timeZone = "Nowhere/Else" }, Therapist(BadRequest)),
            new("GET", "api/practice/profile", "/api/practice/profile", null, All(Ok)),
            new("GET", "api/notifications", "/api/notifications", null, SignedIn(Ok)),
            new("POST", "api/notifications/{id:guid}/read", $"/api/notifications/{w.NotificationOfA}/read", null,
                new() { ["anonymous"] = Unauthorized, ["client B"] = NotFound, ["client A"] = NoContent, ["therapist"] = NotFound }),
            new("POST", "api/notifications/read-all", "/api/notifications/read-all", null, SignedIn(NoContent)),
            new("GET", "api/outbox/dead-letters", "/api/outbox/dead-letters", null, Therapist(Ok)),
            new("POST", "api/outbox/dead-letters/{id:guid}/retry", $"/api/outbox/dead-letters/{w.DeadLetter}/retry", null, Therapist(NoContent)),
            new("GET", "api/messages/unread-count", "/api/messages/unread-count", null, SignedIn(Ok)),
            new("POST", "api/content", "/api/content", new { title = "Not a form" }, Therapist(BadRequest)),
            new("GET", "api/content", "/api/content", null, Therapist(Ok)),
            new("GET", "api/content/{id:guid}", $"/api/content/{w.ItemOfA}", null, Therapist(Ok)),
            new("PUT", "api/content/{id:guid}", $"/api/content/{w.ItemOfA}", new { title = "Matrix sheet", description = "" }, Therapist(Ok)),
            new("POST", "api/content/{id:guid}/shares", $"/api/content/{w.ItemOfA}/shares", new { clientId = w.ClientIdOfA }, Therapist(Ok)),
            new("DELETE", "api/content/{id:guid}/shares/{clientId:guid}", $"/api/content/{w.ItemOfA}/shares/{Guid.NewGuid()}", null, Therapist(NotFound)),
            // Shared with A only: to B it does not exist.
            new("GET", "api/content/{id:guid}/file", $"/api/content/{w.ItemOfA}/file", null, Owner(a: Ok, therapist: Ok)),
            new("GET", "api/me/library", "/api/me/library", null, Clients(Ok)),
            new("POST", "api/me/library/{id:guid}/seen", $"/api/me/library/{w.ItemOfA}/seen", null,
                new() { ["anonymous"] = Unauthorized, ["client B"] = NotFound, ["client A"] = NoContent, ["therapist"] = Forbidden }),
            // Google is not set up in this Api: she is told so (409), nobody else learns anything.
            new("GET", "api/integrations/google", "/api/integrations/google", null, Therapist(Ok)),
            new("POST", "api/integrations/google/connect", "/api/integrations/google/connect", null, Therapist(Conflict)),
            new("GET", "api/integrations/google/callback", "/api/integrations/google/callback?code=4/x&state=y", null, Therapist(Conflict)),
            new("PUT", "api/integrations/google/calendars", "/api/integrations/google/calendars",
                new { busyCalendarIds = new[] { "primary" }, destinationCalendarId = "primary" }, Therapist(Conflict)),
            new("POST", "api/integrations/google/sync", "/api/integrations/google/sync", null, Therapist(Conflict)),
            new("DELETE", "api/integrations/google", "/api/integrations/google", null, Therapist(NoContent)),
            // No intake form is defined in this world: her form stays as it is (a bad one is refused), a client's save has nothing to fill in.
            new("GET", "api/intake/form", "/api/intake/form", null, Therapist(Ok)),
            new("PUT", "api/intake/form", "/api/intake/form", new { questions = new[] { new { kind = "Dropdown" } } }, Therapist(BadRequest)),
            new("GET", "api/me/intake", "/api/me/intake", null, Clients(Ok)),
            new("PUT", "api/me/intake", "/api/me/intake", new { answers = new { } }, Clients(Conflict)),
            new("GET", "api/clients/{id:guid}/intake", $"/api/clients/{w.ClientIdOfA}/intake", null, Therapist(Ok)),
            new("PUT", "api/clients/{id:guid}/intake-waiver", $"/api/clients/{Guid.NewGuid()}/intake-waiver", new { waived = true }, Therapist(NotFound)),
            new("GET", "api/me/profile", "/api/me/profile", null, Clients(Ok)),
            new("PUT", "api/me/profile", "/api/me/profile", new { name = "", phone = "1" }, Clients(BadRequest)),
            new("POST", "api/me/email-change", "/api/me/email-change", new { email = "not-an-address" }, Clients(BadRequest)),
            // The link is the proof, whoever holds it: a made-up one is refused alike.
            new("POST", "api/email-change/address", "/api/email-change/address", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/email-change/confirm", "/api/email-change/confirm", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/me/data-exports", "/api/me/data-exports", null, Clients(Accepted)),
            new("GET", "api/me/data-exports", "/api/me/data-exports", null, Clients(Ok)),
            new("GET", "api/me/data-exports/{id:guid}/download", $"/api/me/data-exports/{Guid.NewGuid()}/download", null, Clients(NotFound)),
            new("POST", "api/me/waitlist", "/api/me/waitlist", new { sessionType = "discovery-call" }, Clients(BadRequest)),
            new("GET", "api/me/waitlist", "/api/me/waitlist", null, Clients(Ok)),
            new("DELETE", "api/me/waitlist/{id:guid}", $"/api/me/waitlist/{Guid.NewGuid()}", null, Clients(NotFound)),
            new("POST", "api/me/waitlist/offers/{id:guid}/take", $"/api/me/waitlist/offers/{Guid.NewGuid()}/take", null, Clients(NotFound)),
            new("GET", "api/me/closure", "/api/me/closure", null, Clients(Ok)),
            new("POST", "api/me/closure", "/api/me/closure", null, Clients(Accepted)),
            new("GET", "api/closure/retention", "/api/closure/retention", null, All(Ok)),
            new("POST", "api/closure/preview", "/api/closure/preview", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/closure/confirm", "/api/closure/confirm", new { token = "not-a-token" }, All(BadRequest)),
            new("GET", "api/clients/{id:guid}/erasure", $"/api/clients/{Guid.NewGuid()}/erasure", null, Therapist(NotFound)),
            new("POST", "api/clients/{id:guid}/erasure", $"/api/clients/{Guid.NewGuid()}/erasure", new { }, Therapist(NotFound)),
            new("GET", "api/me", "/api/me", null, SignedIn(Ok)),
            new("GET", "api/me/bookings", "/api/me/bookings", null, Clients(Ok)),
            new("PUT", "api/me/time-zone", "/api/me/time-zone", new { timeZone = "Europe/Paris" }, Clients(NoContent)),
            new("GET", "api/audit/sign-ins", "/api/audit/sign-ins", null, Therapist(Ok)),
            new("POST", "api/auth/magic-link", "/api/auth/magic-link", new { email = "matrix@example.com" }, All(Accepted)),
            new("POST", "api/auth/sessions", "/api/auth/sessions", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/auth/link-address", "/api/auth/link-address", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/bookings/held/address", "/api/bookings/held/address", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/bookings/held/confirm", "/api/bookings/held/confirm", new { token = "not-a-token" }, All(BadRequest)),
            new("GET", "api/auth/sessions/mine", "/api/auth/sessions/mine", null, SignedIn(Ok)),
            // Someone else's session (client C's), whoever asks: as if it did not exist.
            new("DELETE", "api/auth/sessions/mine/{id:guid}", $"/api/auth/sessions/mine/{w.SessionOfC}", null, SignedIn(NotFound)),
            new("GET", "api/auth/password-door", "/api/auth/password-door", null, All(Ok)),
            new("GET", "api/payments", "/api/payments", null, Therapist(Ok)),
            new("POST", "api/payments/{id:guid}/refund", $"/api/payments/{Guid.NewGuid()}/refund", null, Therapist(NotFound)),
            // Stripe signs, not a person: everyone without a valid signature is refused alike.
            new("POST", "api/webhooks/stripe", "/api/webhooks/stripe", new { id = "evt_forged", type = "checkout.session.completed" }, All(BadRequest)),
            // The CMS is public; no Directus is configured in this Api, so nothing is published and no secret opens the webhook.
            new("GET", "api/cms/articles", "/api/cms/articles", null, All(Ok)),
            new("GET", "api/cms/articles/{slug}", "/api/cms/articles/none-here", null, All(NotFound)),
            new("GET", "api/cms/podcasts", "/api/cms/podcasts", null, All(Ok)),
            new("GET", "api/cms/podcasts/{slug}", "/api/cms/podcasts/none-here", null, All(NotFound)),
            new("GET", "api/cms/pages/{key}", "/api/cms/pages/about", null, All(NotFound)),
            new("GET", "api/cms/faq", "/api/cms/faq", null, All(Ok)),
            new("GET", "api/cms/assets/{id:guid}", $"/api/cms/assets/{Guid.NewGuid()}", null, All(NotFound)),
            new("POST", "api/webhooks/directus", "/api/webhooks/directus", new { collection = "articles" }, All(Unauthorized)),
            new("POST", "api/newsletter/subscriptions", "/api/newsletter/subscriptions", new { email = "matrix-news@example.com" }, All(Accepted)),
            new("POST", "api/newsletter/confirm", "/api/newsletter/confirm", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/newsletter/unsubscribe", "/api/newsletter/unsubscribe", new { token = "not-a-token" }, All(BadRequest)),
            new("POST", "api/newsletter/unsubscribe/address", "/api/newsletter/unsubscribe/address", new { token = "not-a-token" }, All(BadRequest)),
            new("GET", "api/me/newsletter", "/api/me/newsletter", null, Clients(Ok)),
            new("GET", "api/newsletter/segments", "/api/newsletter/segments", null, Therapist(Ok)),
            new("POST", "api/newsletter/preview", "/api/newsletter/preview", new { subject = "Matrix" }, Therapist(BadRequest)),
            new("POST", "api/newsletter/test", "/api/newsletter/test", new { subject = "Matrix" }, Therapist(BadRequest)),
            new("POST", "api/newsletter/issues", "/api/newsletter/issues", new { subject = "Matrix" }, Therapist(BadRequest)),
            new("GET", "api/newsletter/issues", "/api/newsletter/issues", null, Therapist(Ok)),
            new("POST", "api/newsletter/import/preview", "/api/newsletter/import/preview", new { csv = "not an export" }, Therapist(BadRequest)),
            new("POST", "api/newsletter/import", "/api/newsletter/import", new { csv = "not an export" }, Therapist(BadRequest)),
            new("PUT", "api/me/newsletter", "/api/me/newsletter", new { subscribed = false }, Clients(Ok)),
            // Resend signs, not a person; without Resend:WebhookSecret nothing can be verified, for anyone.
            new("POST", "api/webhooks/resend", "/api/webhooks/resend", new { type = "email.bounced" }, All(ServiceUnavailable)),
            new("POST", "api/auth/sign-out", "/api/auth/sign-out", null, SignedIn(NoContent), FreshSessions: true),
            new("POST", "api/auth/sign-out-everywhere", "/api/auth/sign-out-everywhere", null, SignedIn(NoContent), FreshSessions: true),
        ];
    }

    private static Dictionary<string, int> All(int status) =>
        new() { ["anonymous"] = status, ["client B"] = status, ["client A"] = status, ["therapist"] = status };

    private static Dictionary<string, int> SignedIn(int status) =>
        new() { ["anonymous"] = Unauthorized, ["client B"] = status, ["client A"] = status, ["therapist"] = status };

    private static Dictionary<string, int> Clients(int status) =>
        new() { ["anonymous"] = Unauthorized, ["client B"] = status, ["client A"] = status, ["therapist"] = Forbidden };

    private static Dictionary<string, int> Therapist(int status) =>
        new() { ["anonymous"] = Unauthorized, ["client B"] = Forbidden, ["client A"] = Forbidden, ["therapist"] = status };

    /// <summary>A's own booking: B is told it does not exist.</summary>
    private static Dictionary<string, int> Owner(int a, int therapist) =>
        new() { ["anonymous"] = Unauthorized, ["client B"] = NotFound, ["client A"] = a, ["therapist"] = therapist };

    private sealed record Check(
        string Method, string Route, string Path, object? Body, Dictionary<string, int> Expected, bool FreshSessions = false);

    private sealed class World
    {
        private static int worlds;
        private ApiFactory api = null!;

        public HttpClient Anonymous { get; private set; } = null!;
        public HttpClient ClientA { get; private set; } = null!;
        public HttpClient ClientB { get; private set; } = null!;
        public HttpClient Therapist { get; private set; } = null!;
        public Guid BookingOfA { get; private set; }
        public Guid ClientIdOfA { get; private set; }
        public Guid NoteOnA { get; private set; }
        public Guid ThreadOfA { get; private set; }
        public Guid ItemOfA { get; private set; }
        public Guid NotificationOfA { get; private set; }
        public Guid DeadLetter { get; private set; }
        public Guid SessionOfC { get; private set; }

        public static async Task<World> CreateAsync(ApiFactory api)
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var (clientA, httpA) = await api.ClientSignedInAsync($"a-{tag}@example.com", discoveryCompleted: false);
            var (_, httpB) = await api.ClientSignedInAsync($"b-{tag}@example.com", discoveryCompleted: false);
            var (clientC, _) = await api.ClientSignedInAsync($"c-{tag}@example.com", discoveryCompleted: false);
            // A Tuesday of its own for each world: two worlds on one time would clash (the second booking gets 409).
            var week = Interlocked.Increment(ref worlds);
            var booked = await httpA.PostBookingAsync(Guest("discovery-call", Tuesday(9).AddDays(7 * week), clientA.Email));
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            var world = new World
            {
                api = api,
                Anonymous = api.CreateClient(),
                ClientA = httpA,
                ClientB = httpB,
                Therapist = await api.TherapistSignedInAsync(),
                BookingOfA = (await booked.Content.ReadFromJsonAsync<BookingResponse>())!.Id,
                ClientIdOfA = clientA.Id,
            };
            // A signed note on A, started and signed as the therapist does it.
            var note = await world.Therapist.PostAsJsonAsync($"/api/clients/{clientA.Id}/notes", new { structure = "Free", text = "Matrix" });
            world.NoteOnA = (await note.Content.ReadFromJsonAsync<Portal.Api.Notes.NoteResponse>())!.Id;
            Assert.Equal(HttpStatusCode.OK, (await world.Therapist.PostAsync($"/api/notes/{world.NoteOnA}/sign", null)).StatusCode);
            var thread = await world.Therapist.PostAsJsonAsync("/api/messages/threads", new { clientId = clientA.Id, subject = "Matrix", body = "For A" });
            Assert.Equal(HttpStatusCode.Created, thread.StatusCode);
            world.ThreadOfA = (await thread.Content.ReadFromJsonAsync<Portal.Api.Messaging.ThreadResponse>())!.Id;
            world.ItemOfA = await Content.ContentSamples.UploadAsync(world.Therapist, "Worksheet", "matrix.pdf", Content.ContentSamples.Pdf(2000));
            Assert.Equal(HttpStatusCode.Created, (await world.Therapist.PostAsJsonAsync($"/api/content/{world.ItemOfA}/shares", new { clientId = clientA.Id })).StatusCode);

            await using var db = api.OpenDb();
            var notification = Notification.From(new NotificationRequest(Audience.Client, clientA.Id, "For A", "Only A", "/me"), $"matrix:{tag}", ApiFactory.DefaultNow);
            db.Notifications.Add(notification);
            var dead = OutboxMessage.Create(OutboxTypes.Email, "{}", $"matrix-dead:{tag}", ApiFactory.DefaultNow, null, null);
            dead.DeadLetter("refused", ApiFactory.DefaultNow);
            db.OutboxMessages.Add(dead);
            await db.SaveChangesAsync();
            world.NotificationOfA = notification.Id;
            world.DeadLetter = dead.Id;
            world.SessionOfC = await db.UserSessions.Where(s => s.User.ClientId == clientC.Id).Select(s => s.Id).SingleAsync();
            return world;
        }

        public IEnumerable<(string Caller, HttpClient Http)> CallersFor(World? fresh)
        {
            var source = fresh ?? this;
            yield return ("anonymous", Anonymous);
            yield return ("client B", source.ClientB);
            yield return ("client A", source.ClientA);
            yield return ("therapist", source.Therapist);
        }

        /// <summary>New sessions for the same people, for the cases that end the session they use.</summary>
        public async Task<World> FreshSessionsAsync()
        {
            async Task<HttpClient> Again(HttpClient signedIn)
            {
                var me = (await signedIn.GetFromJsonAsync<Portal.Api.Identity.MeResponse>("/api/me"))!;
                await using var db = api.OpenDb();
                var user = await db.UserAccounts.SingleAsync(u => u.Id == me.UserId);
                var (session, token) = UserSession.Start(user, api.Clock.GetUtcNow(), TimeSpan.FromDays(7));
                db.Entry(user).State = EntityState.Unchanged;
                db.UserSessions.Add(session);
                await db.SaveChangesAsync();
                return api.WithToken(token);
            }

            return new World
            {
                api = api,
                Anonymous = Anonymous,
                ClientA = await Again(ClientA),
                ClientB = await Again(ClientB),
                Therapist = await Again(Therapist),
            };
        }
    }
}
