using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Calendar;
using Portal.Core.Availability;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Calendar;

/// <summary>Connecting Google Calendar end to end against the fake Google: consent, PKCE, state bound to her session, sealed tokens.</summary>
public sealed class GoogleConnectTests(GoogleApiFactory api) : IClassFixture<GoogleApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task She_connects_and_the_refresh_token_is_sealed_and_never_answered()
    {
        var therapist = await api.TherapistSignedInAsync();
        var callback = await api.ConsentAsync(therapist, allow: true);
        Assert.Contains("code=", callback.Query);
        Assert.Equal("/admin/integrations/google/callback", callback.AbsolutePath);

        using var answer = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);
        var body = await answer.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var status = (await answer.Content.ReadFromJsonAsync<GoogleStatusResponse>(ct))!;
        Assert.True(status.Connected);
        Assert.False(status.Broken);
        Assert.Equal(Fakes.FakeGoogle.Account, status.Account);
        // Her calendar choices outlive a reconnect, and other tests of the class may have made theirs before this one:
        // whatever they are, they name calendars of the account.
        Assert.NotEmpty(status.BusyCalendarIds);
        Assert.Contains(status.Calendars, c => c.Id == status.DestinationCalendarId
            || (status.DestinationCalendarId == "primary" && c.Primary));
        Assert.Contains(status.Calendars, c => c.Primary && c.Writable);
        Assert.DoesNotContain("fake-refresh", body);
        Assert.DoesNotContain("ya29.", body);
        Assert.DoesNotContain("fake-refresh", await therapist.GetStringAsync("/api/integrations/google", ct));

        // At rest: sealed bytes, neither token readable in the row.
        await using var db = api.OpenDb();
        var row = await db.GoogleConnections.SingleAsync(ct);
        Assert.DoesNotContain("fake-refresh", Encoding.UTF8.GetString(row.SealedRefreshToken));
        Assert.DoesNotContain("ya29.", Encoding.UTF8.GetString(row.SealedAccessToken!));
        Assert.Equal(1, api.Google.RefreshTokensIssued - refreshTokensBefore);
    }

    private readonly int refreshTokensBefore = api.Google.RefreshTokensIssued;

    [Fact]
    public async Task A_replayed_state_or_one_from_another_session_connects_nothing()
    {
        var therapist = await api.TherapistSignedInAsync();
        var other = await api.TherapistSignedInAsync();
        var callback = await api.ConsentAsync(therapist, allow: true);

        using var foreign = await other.GetAsync("/api/integrations/google/callback" + callback.Query, ct);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        var problem = await ProblemAsync(foreign);
        Assert.Equal("stale-state", problem.GetProperty("code").GetString());
        Assert.Contains("Start again", problem.GetProperty("detail").GetString());

        // Spent by the foreign attempt as well: a state is good for one answer only.
        using var replayed = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        using var forged = await therapist.GetAsync("/api/integrations/google/callback?code=4/forged&state=not-a-state", ct);
        Assert.Equal("stale-state", (await ProblemAsync(forged)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_connect_answered_once_is_not_connected_twice_by_its_replay()
    {
        var therapist = await api.TherapistSignedInAsync();
        var callback = await api.ConsentAsync(therapist, allow: true);
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct)).StatusCode);

        using var replayed = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("stale-state", (await ProblemAsync(replayed)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_code_handed_in_with_another_connects_state_fails_Googles_PKCE_check()
    {
        var therapist = await api.TherapistSignedInAsync();
        var first = await api.ConsentAsync(therapist, allow: true);
        var second = await api.ConsentAsync(therapist, allow: true);
        var code = System.Web.HttpUtility.ParseQueryString(first.Query)["code"];
        var state = System.Web.HttpUtility.ParseQueryString(second.Query)["state"];

        using var answer = await therapist.GetAsync(
            $"/api/integrations/google/callback?code={Uri.EscapeDataString(code!)}&state={Uri.EscapeDataString(state!)}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Equal("google-refused", problem.GetProperty("code").GetString());
        Assert.Contains("Start again", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Access_denied_is_a_plain_sentence()
    {
        var therapist = await api.TherapistSignedInAsync();
        await therapist.DeleteAsync("/api/integrations/google", ct);
        var callback = await api.ConsentAsync(therapist, allow: false);
        Assert.Contains("error=access_denied", callback.Query);

        using var answer = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Equal("access-denied", problem.GetProperty("code").GetString());
        Assert.Equal("You did not allow the portal to use your Google Calendar, so nothing was connected.", problem.GetProperty("detail").GetString());
        Assert.False((await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct))!.Connected);
    }

    [Fact]
    public async Task She_chooses_calendars_from_her_list_only()
    {
        api.Google.AddCalendar("family@group.calendar.google.com", "Family", "reader");
        api.Google.AddCalendar("work@group.calendar.google.com", "Work", "writer");
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);

        using var unknown = await therapist.PutAsJsonAsync("/api/integrations/google/calendars",
            new { busyCalendarIds = new[] { "nobody@example.com" }, destinationCalendarId = "primary" }, ct);
        using var readOnly = await therapist.PutAsJsonAsync("/api/integrations/google/calendars",
            new { busyCalendarIds = new[] { "primary" }, destinationCalendarId = "family@group.calendar.google.com" }, ct);
        using var chosen = await therapist.PutAsJsonAsync("/api/integrations/google/calendars",
            new { busyCalendarIds = new[] { Fakes.FakeGoogle.Account, "family@group.calendar.google.com" }, destinationCalendarId = "work@group.calendar.google.com" }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("not one of your Google calendars", await unknown.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.BadRequest, readOnly.StatusCode);
        Assert.Contains("only read", await readOnly.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        var status = (await chosen.Content.ReadFromJsonAsync<GoogleStatusResponse>(ct))!;
        Assert.Equal(["primary", "family@group.calendar.google.com"], status.BusyCalendarIds);
        Assert.Equal("work@group.calendar.google.com", status.DestinationCalendarId);
    }

    [Fact]
    public async Task Disconnecting_revokes_at_Google_and_deletes_the_tokens_and_pulled_blocks()
    {
        var therapist = await api.TherapistSignedInAsync();
        await api.ConnectAsync(therapist);
        await using (var db = api.OpenDb())
        {
            db.BlockedPeriods.Add(new BlockedPeriod { Start = Tuesday(9), End = Tuesday(10), Source = "google:primary", ExternalId = $"ev{Guid.NewGuid():N}" });
            db.BlockedPeriods.Add(new BlockedPeriod { Start = Tuesday(11), End = Tuesday(12), Source = BlockedTimes.Manual });
            await db.SaveChangesAsync(ct);
        }

        var revokes = api.Google.Requests.Count(r => r.Path == "/revoke");

        using var answer = await therapist.DeleteAsync("/api/integrations/google", ct);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(revokes + 1, api.Google.Requests.Count(r => r.Path == "/revoke"));
        await using var after = api.OpenDb();
        Assert.False(await after.GoogleConnections.AnyAsync(ct));
        Assert.False(await after.BlockedPeriods.AnyAsync(b => b.Source.StartsWith("google:"), ct));
        Assert.True(await after.BlockedPeriods.AnyAsync(b => b.Source == BlockedTimes.Manual, ct));
        Assert.False((await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct))!.Connected);
        Assert.Equal(HttpStatusCode.NoContent, (await therapist.DeleteAsync("/api/integrations/google", ct)).StatusCode);
    }
}

/// <summary>Without Google:ClientId and Google:ClientSecret nothing crashes, and she is told how to set them.</summary>
public sealed class GoogleNotConfiguredTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_status_says_how_to_configure_and_connecting_is_refused_with_the_same_words()
    {
        var therapist = await api.TherapistSignedInAsync();

        var status = await therapist.GetFromJsonAsync<GoogleStatusResponse>("/api/integrations/google", ct);
        using var connect = await therapist.PostAsync("/api/integrations/google/connect", null, ct);
        using var sync = await therapist.PostAsync("/api/integrations/google/sync", null, ct);

        Assert.False(status!.Configured);
        Assert.Contains("Google:ClientId", status.HowToConfigure);
        Assert.Equal(HttpStatusCode.Conflict, connect.StatusCode);
        Assert.Contains("Google:ClientSecret", (await ProblemAsync(connect)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, sync.StatusCode);
    }
}
