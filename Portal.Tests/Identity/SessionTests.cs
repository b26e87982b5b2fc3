using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Clients;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

public sealed class SessionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_out_ends_this_session_and_signing_out_everywhere_ends_them_all()
    {
        var phone = await SignInAsync("devices@example.com");
        var laptop = await SignInAsync("devices@example.com");
        var tablet = await SignInAsync("devices@example.com");
        Assert.NotEqual(phone.Token, laptop.Token); // a new token at every sign-in

        Assert.Equal(HttpStatusCode.NoContent, (await api.WithToken(phone.Token).PostAsync("/api/auth/sign-out", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.WithToken(phone.Token).GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.WithToken(laptop.Token).GetAsync("/api/me", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.WithToken(laptop.Token).PostAsync("/api/auth/sign-out-everywhere", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.WithToken(laptop.Token).GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.WithToken(tablet.Token).GetAsync("/api/me", ct)).StatusCode);
        await using var db = api.OpenDb();
        Assert.Equal(2, await db.SignInEvents.CountAsync(e => e.EmailKey == "devices@example.com"
            && (e.Kind == SignInEventKind.SignedOut || e.Kind == SignInEventKind.SignedOutEverywhere), ct));
    }

    [Fact]
    public async Task A_clients_session_slides_while_used_and_lapses_a_week_after_the_last_use()
    {
        var session = await SignInAsync("sliding@example.com");
        var http = api.WithToken(session.Token);
        try
        {
            api.Clock.Set(ApiFactory.DefaultNow.AddDays(6));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me", ct)).StatusCode);
            api.Clock.Set(ApiFactory.DefaultNow.AddDays(12)); // 12 days after sign-in, 6 after the last use
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me", ct)).StatusCode);
            api.Clock.Set(ApiFactory.DefaultNow.AddDays(19).AddMinutes(1));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/me", ct)).StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task The_therapists_session_ends_after_half_an_hour_idle()
    {
        await using (var db = api.OpenDb())
        {
            db.UserAccounts.Add(UserAccount.ForTherapist("idle.therapist@example.com", ApiFactory.DefaultNow));
            await db.SaveChangesAsync(ct);
        }

        await api.CreateClient().RequestLinkAsync("idle.therapist@example.com");
        var session = await SignInFlow.SignedInAsync(await api.CreateClient().SpendAsync(await api.LatestLinkTokenAsync("idle.therapist@example.com")));
        Assert.Equal("Therapist", session.Role);
        Assert.Equal(ApiFactory.DefaultNow.AddHours(12), session.ExpiresAt);
        var http = api.WithToken(session.Token);
        try
        {
            api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/clients", ct)).StatusCode);
            api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(50)); // 25 minutes idle: still in
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/clients", ct)).StatusCode);
            api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(81)); // 31 minutes idle
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/clients", ct)).StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task There_is_no_password_door_outside_Development()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/auth/password", new { email = "x@example.com", password = "portal-dev" }, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<SessionIssued> SignInAsync(string email)
    {
        await using (var db = api.OpenDb())
        {
            if (!await db.Clients.AnyAsync(c => c.EmailKey == email, ct))
            {
                db.Clients.Add(Client.Register(new ContactDetails("Session Client", email, "+447911123456"), "Europe/London", ApiFactory.DefaultNow));
                await db.SaveChangesAsync(ct);
            }
        }

        await api.CreateClient().RequestLinkAsync(email);
        return await SignInFlow.SignedInAsync(await api.CreateClient().SpendAsync(await api.LatestLinkTokenAsync(email)));
    }
}

/// <summary>The Api as a developer runs it: the password door exists.</summary>
public sealed class DevelopmentApiFactory(TestServers servers) : ApiFactory(servers)
{
    protected override string EnvironmentName => "Development";
}

public sealed class DevelopmentPasswordTests(DevelopmentApiFactory api) : IClassFixture<DevelopmentApiFactory>
{
    [Fact]
    public async Task In_Development_any_account_signs_in_with_the_development_password_and_a_wrong_one_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = api.OpenDb())
        {
            db.UserAccounts.Add(UserAccount.ForTherapist("dev.therapist@example.com", ApiFactory.DefaultNow));
            await db.SaveChangesAsync(ct);
        }

        var http = api.CreateClient();
        var wrong = await http.PostAsJsonAsync("/api/auth/password", new { email = "dev.therapist@example.com", password = "guess" }, ct);
        var right = await http.PostAsJsonAsync("/api/auth/password", new { email = "dev.therapist@example.com", password = "portal-dev" }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Therapist", (await SignInFlow.SignedInAsync(right)).Role);
    }
}
