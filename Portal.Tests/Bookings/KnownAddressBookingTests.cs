using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Privacy;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Bookings;

/// <summary>
/// Whether someone is a client here is nobody's to learn from the booking form: a guest's booking answers the same
/// for an address the practice knows, and a known client's record gains nothing until their address confirms.
/// </summary>
public sealed class KnownAddressBookingTests(KnownAddressBookingTests.PracticeTimingApi api) : IClassFixture<KnownAddressBookingTests.PracticeTimingApi>
{
    /// <summary>The Api with the guest booking answer time it has in production.</summary>
    public sealed class PracticeTimingApi(TestServers servers) : ApiFactory(servers)
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } =
            DefaultSettings.Where(s => s.Key != "Identity:GuestBookingAnswerTime").ToDictionary();
    }

    private const int Repetitions = 20;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guest_booking_answers_alike_for_a_known_and_an_unknown_address()
    {
        var http = api.CreateClient();
        var starts = new Queue<DateTimeOffset>(await FreeStartsAsync(http, 2 * (Repetitions + 2) + 3));
        // Known at every stage: a discovery call coming up, one had, an active client.
        var known = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var email = $"known-{i}-{Guid.NewGuid():N}@example.com";
            Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", starts.Dequeue(), email))).StatusCode);
            known.Add(email);
        }

        await using (var db = api.OpenDb())
        {
            var had = await db.Clients.SingleAsync(c => c.EmailKey == known[1], ct);
            had.CompleteDiscovery(ApiFactory.DefaultNow);
            var active = await db.Clients.SingleAsync(c => c.EmailKey == known[2], ct);
            active.CompleteDiscovery(ApiFactory.DefaultNow);
            active.BecomeActive(ApiFactory.DefaultNow);
            await db.SaveChangesAsync(ct);
        }

        var knownAnswers = new List<Answer>();
        var unknownAnswers = new List<Answer>();
        for (var i = 0; i < Repetitions + 2; i++)
        {
            var unknown = await BookAsync(http, starts.Dequeue(), $"new-{Guid.NewGuid():N}@example.com");
            var knownOne = await BookAsync(http, starts.Dequeue(), known[i % known.Count].ToUpperInvariant());
            if (i >= 2) // the first two warm both paths up
            {
                unknownAnswers.Add(unknown);
                knownAnswers.Add(knownOne);
            }
        }

        Assert.All(knownAnswers.Concat(unknownAnswers), answer =>
        {
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            Assert.Equal(BookingResponse.HeldStatus, answer.Body.GetProperty("status").GetString());
            Assert.Equal("A Made-up Name", answer.Body.GetProperty("clientName").GetString());
            Assert.Equal("Europe/Paris", answer.Body.GetProperty("timeZone").GetString());
        });
        var shapes = knownAnswers.Concat(unknownAnswers).Select(a => ShapeOf(a.Body)).Distinct().ToList();
        Assert.Single(shapes);

        // Time: the medians differ by less than the spread of either path's own times.
        var knownMs = knownAnswers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToArray();
        var unknownMs = unknownAnswers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToArray();
        var gap = Math.Abs(Median(knownMs) - Median(unknownMs));
        var noise = Math.Max(Spread(knownMs), Spread(unknownMs));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"known median {Median(knownMs):F1} ms (spread {Spread(knownMs):F1}), unknown {Median(unknownMs):F1} ms (spread {Spread(unknownMs):F1})");
        Assert.True(gap <= Math.Max(noise, 2.0),
            $"known median {Median(knownMs):F1} ms vs unknown {Median(unknownMs):F1} ms: a gap of {gap:F1} ms, beyond the noise of {noise:F1} ms");
    }

    [Fact]
    public async Task A_known_clients_record_gains_nothing_until_their_address_confirms_and_then_the_booking_is_theirs()
    {
        var http = api.CreateClient();
        var starts = await FreeStartsAsync(http, 2);
        var email = $"pat-{Guid.NewGuid():N}@example.com";
        var client = await RegisterAsync(email, "Pat Known");
        var before = await RecordOfAsync(client.Id);

        var answer = await http.PostBookingAsync(Guest("discovery-call", starts[0], email, name: "Mallory Typed"));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("Mallory Typed", (await answer.Content.ReadFromJsonAsync<BookingResponse>(ct))!.ClientName);
        Assert.Equal(before, await RecordOfAsync(client.Id));
        Assert.DoesNotContain(starts[0], await OfferedAsync(http)); // the time is held all the same
        var (sent, token) = await api.LatestConfirmationAsync(email);
        Assert.Equal("Pat Known", sent.Name); // addressed to the address's owner, about this booking only
        Assert.Equal(starts[0], sent.StartsAt);

        var confirmed = await http.ConfirmHeldAsync(token);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var booking = (await confirmed.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
        Assert.Equal("Confirmed", booking.Status);
        Assert.Equal("Pat Known", booking.ClientName); // the record keeps its own name
        await using var db = api.OpenDb();
        var stored = await db.Bookings.SingleAsync(b => b.Id == booking.Id, ct);
        Assert.Equal(client.Id, stored.ClientId);
        Assert.Null(stored.ClientNote); // what a stranger may have typed never reaches the client's record
        Assert.Equal(ClientStage.DiscoveryBooked, (await db.Clients.SingleAsync(c => c.Id == client.Id, ct)).Stage);
        var consent = await db.ClientConsents.SingleAsync(c => c.ClientId == client.Id, ct);
        Assert.Equal((ConsentKind.PrivacyNotice, PrivacyNotice.CurrentVersion), (consent.Kind, consent.Version));
        Assert.False(await db.PendingBookings.AnyAsync(p => p.EmailKey == email, ct));

        var again = await http.ConfirmHeldAsync(token);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("link-invalid", (await ProblemAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_link_to_confirm_a_booking_signs_no_one_in_and_only_the_newest_link_confirms_while_every_hold_keeps_its_time()
    {
        var http = api.CreateClient();
        var starts = await FreeStartsAsync(http, 2);
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(email, "Pat Twice");
        await http.PostBookingAsync(Guest("discovery-call", starts[0], email));
        var (_, first) = await api.LatestConfirmationAsync(email);

        var signIn = await http.PostAsJsonAsync("/api/auth/sessions", new { token = first }, ct);
        Assert.True(signIn.StatusCode == HttpStatusCode.BadRequest, await signIn.Content.ReadAsStringAsync(ct));
        await http.PostBookingAsync(Guest("discovery-call", starts[1], email));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.ConfirmHeldAsync(first)).StatusCode);
        // As a new address's bookings would: the free times must not tell which the address is.
        var free = await OfferedAsync(http);
        Assert.DoesNotContain(starts[0], free);
        Assert.DoesNotContain(starts[1], free);
    }

    [Fact]
    public async Task Someone_booking_again_and_again_with_a_known_address_gets_it_no_more_than_three_emails_an_hour()
    {
        var http = api.CreateClient();
        var starts = await FreeStartsAsync(http, PendingBookings.EmailsPerAddressPerHour + 2);
        var email = $"flooded-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(email, "Pat Flooded");

        foreach (var start in starts)
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", start, email))).StatusCode);
        }

        await using var db = api.OpenDb();
        Assert.Equal(starts.Count, await db.PendingBookings.CountAsync(p => p.EmailKey == email, ct));
        var emails = await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE deduplication_key LIKE 'pending-booking:%' AND payload::text LIKE {"%" + email + "%"}").SingleAsync(ct);
        Assert.Equal(PendingBookings.EmailsPerAddressPerHour, emails);
    }

    [Fact]
    public async Task A_new_client_is_kept_with_the_privacy_notice_they_agreed_to_and_a_guest_must_agree()
    {
        var http = api.CreateClient();
        var start = (await FreeStartsAsync(http, 1))[0];
        var email = $"consent-{Guid.NewGuid():N}@example.com";

        var refused = await http.PostBookingAsync(Guest("discovery-call", start, email, privacyConsent: false));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await ProblemAsync(refused)).GetProperty("errors").TryGetProperty("privacyConsent", out _));

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", start, email))).StatusCode);
        await using var db = api.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.EmailKey == email, ct);
        var consent = await db.ClientConsents.SingleAsync(c => c.ClientId == client.Id, ct);
        Assert.Equal(PrivacyNotice.CurrentVersion, consent.Version);
        Assert.Equal(api.Clock.GetUtcNow(), consent.GivenAt);
        Assert.Equal("booking form", consent.Source);
    }

    private sealed record Answer(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed);

    private async Task<Answer> BookAsync(HttpClient http, DateTimeOffset start, string email)
    {
        var body = Guest("discovery-call", start, email, name: "A Made-up Name", timeZone: "Europe/Paris");
        var watch = Stopwatch.StartNew();
        using var response = await http.PostBookingAsync(body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return new Answer(response.StatusCode, json, watch.Elapsed);
    }

    private async Task<Client> RegisterAsync(string email, string name)
    {
        await using var db = api.OpenDb();
        var client = Client.Register(new ContactDetails(name, email, "+447911123456"), "Europe/London", api.Clock.GetUtcNow());
        db.Clients.Add(client);
        await db.SaveChangesAsync(ct);
        return client;
    }

    /// <summary>Everything the practice holds on a client, as one comparable line.</summary>
    private async Task<string> RecordOfAsync(Guid clientId)
    {
        await using var db = api.OpenDb();
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, ct);
        var bookings = await db.Bookings.CountAsync(b => b.ClientId == clientId, ct);
        var consents = await db.ClientConsents.CountAsync(c => c.ClientId == clientId, ct);
        var notifications = await db.Notifications.CountAsync(n => n.ClientId == clientId, ct);
        var threads = await db.MessageThreads.CountAsync(t => t.ClientId == clientId, ct);
        var owed = await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE payload::text LIKE {"%" + clientId + "%"}").SingleAsync(ct);
        return JsonSerializer.Serialize(new { client, bookings, consents, notifications, threads, owed });
    }

    /// <summary>The first free start of each day from March on: far enough apart that booking one never takes another.</summary>
    private async Task<List<DateTimeOffset>> FreeStartsAsync(HttpClient http, int count)
    {
        var starts = new List<DateTimeOffset>();
        for (var from = new DateOnly(2026, 3, 2); starts.Count < count && from.Year == 2026; from = from.AddDays(60))
        {
            var slots = await http.GetFromJsonAsync<JsonElement>(
                $"/api/slots?sessionType=discovery-call&from={from:yyyy-MM-dd}&to={from.AddDays(59):yyyy-MM-dd}&tz=Europe/London", ct);
            starts.AddRange(slots.GetProperty("days").EnumerateArray()
                .Select(day => day.GetProperty("starts").EnumerateArray().Select(s => s.GetDateTimeOffset()).FirstOrDefault())
                .Where(start => start != default));
        }

        return starts.Take(count).ToList();
    }

    /// <summary>Every free start in March.</summary>
    private async Task<List<DateTimeOffset>> OfferedAsync(HttpClient http)
    {
        var slots = await http.GetFromJsonAsync<JsonElement>(
            "/api/slots?sessionType=discovery-call&from=2026-03-01&to=2026-03-31&tz=Europe/London", ct);
        return slots.GetProperty("days").EnumerateArray()
            .SelectMany(day => day.GetProperty("starts").EnumerateArray().Select(s => s.GetDateTimeOffset())).ToList();
    }

    private static string ShapeOf(JsonElement body) =>
        string.Join(",", body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}"));

    private static double Median(double[] sorted) => (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;

    /// <summary>The interquartile range: how much a path's own times vary.</summary>
    private static double Spread(double[] sorted) => sorted[sorted.Length * 3 / 4] - sorted[sorted.Length / 4];
}
