using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>Where a person is signed in: their own sessions only, never a token's hash; one ended, or all.</summary>
public sealed class MySessionsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_list_holds_only_the_callers_own_open_sessions_with_this_one_marked_and_no_hash()
    {
        var therapist = UserAccount.ForTherapist($"mine-{Guid.NewGuid():N}@example.com", api.Clock.GetUtcNow());
        var http = await api.SignedInAsync(therapist);
        var (phone, _) = await AnotherSessionAsync(therapist.Id);
        var (ended, _) = await AnotherSessionAsync(therapist.Id, revoked: true);
        var (_, someoneElse) = await api.ClientSignedInAsync($"other-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);

        using var response = await http.GetAsync("/api/auth/sessions/mine", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var sessions = (await response.Content.ReadFromJsonAsync<MySessionResponse[]>(ct))!;

        Assert.Equal(2, sessions.Length);
        Assert.Single(sessions, s => s.Current);
        Assert.Contains(sessions, s => s.Id == phone && !s.Current);
        Assert.DoesNotContain(sessions, s => s.Id == ended);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
        var theirs = (await someoneElse.GetFromJsonAsync<MySessionResponse[]>("/api/auth/sessions/mine", ct))!;
        Assert.DoesNotContain(theirs, s => sessions.Any(mine => mine.Id == s.Id));
    }

    [Fact]
    public async Task Ending_another_of_her_sessions_signs_that_device_out_and_nobody_can_end_someone_elses()
    {
        var therapist = UserAccount.ForTherapist($"end-{Guid.NewGuid():N}@example.com", api.Clock.GetUtcNow());
        var http = await api.SignedInAsync(therapist);
        var (laptop, laptopHttp) = await AnotherSessionAsync(therapist.Id);
        var (_, stranger) = await api.ClientSignedInAsync($"stranger-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/auth/sessions/mine/{laptop}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptopHttp.GetAsync("/api/me", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/auth/sessions/mine/{laptop}", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptopHttp.GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/auth/sessions/mine/{laptop}", ct)).StatusCode);
        await using var db = api.OpenDb();
        Assert.Contains(await db.SignInEvents.Where(e => e.UserId == therapist.Id).ToListAsync(ct),
            e => e.Kind == SignInEventKind.SignedOut && e.Detail == "ended from another session");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_listed_session()
    {
        var therapist = UserAccount.ForTherapist($"everywhere-{Guid.NewGuid():N}@example.com", api.Clock.GetUtcNow());
        var http = await api.SignedInAsync(therapist);
        var (_, tablet) = await AnotherSessionAsync(therapist.Id);
        Assert.Equal(2, (await tablet.GetFromJsonAsync<MySessionResponse[]>("/api/auth/sessions/mine", ct))!.Length);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/auth/sign-out-everywhere", null, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/sessions/mine", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tablet.GetAsync("/api/auth/sessions/mine", ct)).StatusCode);
        await using var db = api.OpenDb();
        Assert.Empty(await db.OpenSessionsOfAsync(therapist.Id, api.Clock.GetUtcNow(), ct));
    }

    /// <summary>A further session of a person already signed in (another device), and a client using it.</summary>
    private async Task<(Guid Id, HttpClient Http)> AnotherSessionAsync(Guid userId, bool revoked = false)
    {
        await using var db = api.OpenDb();
        var user = await db.UserAccounts.SingleAsync(u => u.Id == userId, ct);
        var (session, token) = UserSession.Start(user, api.Clock.GetUtcNow(), TimeSpan.FromHours(12), TimeSpan.FromMinutes(30), slides: false);
        if (revoked)
        {
            session.Revoke(api.Clock.GetUtcNow(), "signed-out");
        }

        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (session.Id, http);
    }
}
