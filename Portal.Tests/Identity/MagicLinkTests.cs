using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Clients;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

public sealed class MagicLinkTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_identical_answer_and_only_the_known_gets_an_email()
    {
        await RegisterClientAsync("known@example.com");
        var http = api.CreateClient();

        var known = await http.RequestLinkAsync("Known@Example.com");
        var unknown = await http.RequestLinkAsync("nobody-here@example.com");

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(ct), await unknown.Content.ReadAsStringAsync(ct));
        Assert.Equal(known.Content.Headers.ContentType, unknown.Content.Headers.ContentType);
        await using var db = api.OpenDb();
        Assert.True(await db.MagicLinks.AnyAsync(l => l.EmailKey == "known@example.com", ct));
        Assert.False(await db.MagicLinks.AnyAsync(l => l.EmailKey == "nobody-here@example.com", ct));
        Assert.True(await db.SignInEvents.AnyAsync(e => e.EmailKey == "nobody-here@example.com" && e.Kind == SignInEventKind.LinkRequestedForUnknownAddress, ct));
    }

    [Fact]
    public async Task Known_and_unknown_addresses_both_wait_out_the_answer_time_so_timing_tells_nothing()
    {
        await RegisterClientAsync("timed@example.com");
        var http = api.CreateClient();
        var answerTime = new IdentitySettings().LinkRequestAnswerTime;

        foreach (var email in new[] { "timed@example.com", "nobody-timed@example.com" })
        {
            var started = Stopwatch.GetTimestamp();
            var response = await http.RequestLinkAsync(email);
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            // A timer may fire a clock tick early; without the wait, an unknown address answers in a few milliseconds.
            Assert.True(elapsed >= answerTime - TimeSpan.FromMilliseconds(20),
                $"{email} was answered in {elapsed.TotalMilliseconds:0} ms, before {answerTime.TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task A_link_signs_in_once_and_never_again()
    {
        await RegisterClientAsync("once@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("once@example.com");
        var token = await api.LatestLinkTokenAsync("once@example.com");

        var first = await SignInFlow.SignedInAsync(await http.SpendAsync(token));
        var second = await http.SpendAsync(token);

        Assert.Equal("Client", first.Role);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("link-invalid", (await second.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("code").GetString());
        var me = await api.WithToken(first.Token).GetFromJsonAsync<MeResponse>("/api/me", ct);
        Assert.Equal("once@example.com", me!.Email);
    }

    [Fact]
    public async Task The_confirm_page_can_show_whose_link_it_is_without_spending_it_and_a_spent_link_shows_no_one()
    {
        await RegisterClientAsync("shown@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("shown@example.com");
        var token = await api.LatestLinkTokenAsync("shown@example.com");

        var before = await http.PostAsJsonAsync("/api/auth/link-address", new { token }, ct);
        var again = await http.PostAsJsonAsync("/api/auth/link-address", new { token }, ct);
        await SignInFlow.SignedInAsync(await http.SpendAsync(token)); // still unspent: it signs in
        var after = await http.PostAsJsonAsync("/api/auth/link-address", new { token }, ct);
        var unknown = await http.PostAsJsonAsync("/api/auth/link-address", new { token = "not-a-token" }, ct);

        // A client who has never signed in: pressing the button creates their account.
        Assert.Equal(("s***@example.com", true), (await before.Content.ReadFromJsonAsync<LinkAddress>(ct)) is { } shown ? (shown.Email, shown.CreatesAccount) : default);
        await http.RequestLinkAsync("shown@example.com");
        var next = await http.PostAsJsonAsync("/api/auth/link-address", new { token = await api.LatestLinkTokenAsync("shown@example.com") }, ct);
        Assert.False((await next.Content.ReadFromJsonAsync<LinkAddress>(ct))!.CreatesAccount);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("a sign-in link for 15 minutes, the link in a booking email for 7 days",
            (await unknown.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ten_presses_of_one_link_at_once_make_one_session()
    {
        await RegisterClientAsync("racing@example.com");
        await api.CreateClient().RequestLinkAsync("racing@example.com");
        var token = await api.LatestLinkTokenAsync("racing@example.com");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.CreateClient().SpendAsync(token)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.UserSessions.CountAsync(s => s.User.EmailKey == "racing@example.com", ct));
    }

    [Fact]
    public async Task A_link_works_until_its_fifteenth_minute_and_not_after()
    {
        await RegisterClientAsync("clock@example.com");
        await RegisterClientAsync("clock2@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("clock@example.com");
        var late = await api.LatestLinkTokenAsync("clock@example.com");
        await http.RequestLinkAsync("clock2@example.com");
        var inTime = await api.LatestLinkTokenAsync("clock2@example.com");

        try
        {
            api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(15).AddSeconds(-1));
            Assert.Equal(HttpStatusCode.OK, (await http.SpendAsync(inTime)).StatusCode);
            api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(15));
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SpendAsync(late)).StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        await using var db = api.OpenDb();
        Assert.True(await db.SignInEvents.AnyAsync(e => e.EmailKey == "clock@example.com" && e.Detail == "expired", ct));
    }

    [Fact]
    public async Task A_newer_link_makes_the_older_one_useless()
    {
        await RegisterClientAsync("newer@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("newer@example.com");
        var older = await api.LatestLinkTokenAsync("newer@example.com");
        await http.RequestLinkAsync("newer@example.com");
        var newer = await api.LatestLinkTokenAsync("newer@example.com");

        Assert.NotEqual(older, newer);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SpendAsync(older)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SpendAsync(newer)).StatusCode);
    }

    [Fact]
    public async Task Only_hashes_are_stored_never_the_link_or_session_tokens()
    {
        await RegisterClientAsync("hashes@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("hashes@example.com");
        var token = await api.LatestLinkTokenAsync("hashes@example.com");
        var session = await SignInFlow.SignedInAsync(await http.SpendAsync(token));

        await using var db = api.OpenDb();
        var link = await db.MagicLinks.SingleAsync(l => l.EmailKey == "hashes@example.com", ct);
        Assert.Equal(SecretTokens.HashOf(token), link.TokenHash);
        Assert.True(await db.UserSessions.AnyAsync(s => s.TokenHash == SecretTokens.HashOf(session.Token), ct));
        Assert.Equal(43, token.Length); // 32 bytes, base64url
        var dump = await DumpAsync();
        Assert.DoesNotContain(token, dump);
        Assert.DoesNotContain(session.Token, dump);
    }

    [Fact]
    public async Task A_guest_claims_their_account_through_the_link_in_their_booking_confirmation()
    {
        var booked = await api.CreateClient().PostAsJsonAsync("/api/bookings", Bookings.BookingRequests.Guest(
            "discovery-call", Bookings.BookingRequests.Tuesday(9), "claimer@example.com"), ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var token = await ClaimTokenAsync("claimer@example.com");
        var beforeClaim = await api.CreateClient().PostAsJsonAsync("/api/auth/link-address", new { token }, ct);
        Assert.True((await beforeClaim.Content.ReadFromJsonAsync<LinkAddress>(ct))!.CreatesAccount);

        var session = await SignInFlow.SignedInAsync(await api.CreateClient().SpendAsync(token));

        Assert.True(session.AccountClaimed);
        var me = await api.WithToken(session.Token).GetFromJsonAsync<MeResponse>("/api/me", ct);
        Assert.Equal("Client", me!.Role);
        Assert.Equal("Sam Example", me.Name);
        await using var db = api.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.EmailKey == "claimer@example.com", ct);
        Assert.Equal(ApiFactory.DefaultNow, client.AccountClaimedAt);
        Assert.Equal(client.Id, me.ClientId);
        var mine = Assert.Single((await api.WithToken(session.Token).GetFromJsonAsync<Portal.Api.Bookings.BookingResponse[]>("/api/me/bookings", ct))!);
        Assert.Equal(Bookings.BookingRequests.Tuesday(9).AddHours(-24), mine.ClientMayChangeUntil);
        Assert.True(await db.SignInEvents.AnyAsync(e => e.EmailKey == "claimer@example.com" && e.Kind == SignInEventKind.AccountClaimed, ct));
    }

    [Fact]
    public async Task The_therapist_reads_the_sign_in_audit_with_time_and_outcome()
    {
        await RegisterClientAsync("audited@example.com");
        var http = api.CreateClient();
        await http.RequestLinkAsync("audited@example.com");
        await http.SpendAsync("not-a-real-token");
        var therapist = await api.TherapistSignedInAsync();
        var (_, client) = await api.ClientSignedInAsync("not-allowed-audit@example.com", discoveryCompleted: false);

        var events = await therapist.GetFromJsonAsync<SignInEventResponse[]>("/api/audit/sign-ins", ct);

        Assert.Contains(events!, e => e.Kind == "LinkRequested" && e.Email == "audited@example.com" && e.At == ApiFactory.DefaultNow);
        Assert.Contains(events!, e => e.Kind == "LinkRefused" && e.Detail == "unknown");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/sign-ins", ct)).StatusCode);
    }

    private async Task<string> ClaimTokenAsync(string email)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.DeduplicationKey.EndsWith(":confirmed:client-email")).Select(m => m.Payload).ToListAsync(ct);
        var confirmation = payloads
            .Select(p => System.Text.Json.JsonSerializer.Deserialize<Portal.Core.Notifications.EmailRequest>(p, Portal.Core.Outbox.OutboxJson.Options))
            .OfType<Portal.Core.Notifications.BookingConfirmedEmail>()
            .Single(e => e.Booking.ClientEmail == email);
        return api.Services.GetService(typeof(LinkProtector)) is LinkProtector protector
            ? protector.Unprotect(confirmation.ProtectedClaimToken!)
            : throw new InvalidOperationException("no protector");
    }

    private async Task RegisterClientAsync(string email)
    {
        await using var db = api.OpenDb();
        db.Clients.Add(Client.Register(new ContactDetails("Reg Client", email, "+447911123456"), "Europe/London", ApiFactory.DefaultNow));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every text the tables that touch sign-in hold, to search for a secret.</summary>
    private async Task<string> DumpAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.DatabaseConnectionString);
        await connection.OpenAsync(ct);
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "outbox_messages", "magic_links", "user_sessions", "sign_in_events", "user_accounts", "data_protection_keys" })
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }
}
