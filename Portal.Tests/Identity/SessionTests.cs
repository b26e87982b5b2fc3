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
        var session = await TherapistSignsInAsync("idle.therapist@example.com");
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
    public async Task The_therapists_session_ends_twelve_hours_after_sign_in_however_busy_she_is()
    {
        var session = await TherapistSignsInAsync("busy.therapist@example.com");
        var http = api.WithToken(session.Token);
        try
        {
            for (var minutes = 20; minutes < 12 * 60; minutes += 20)
            {
                api.Clock.Set(ApiFactory.DefaultNow.AddMinutes(minutes));
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/clients", ct)).StatusCode);
            }

            api.Clock.Set(ApiFactory.DefaultNow.AddHours(12).AddMinutes(1)); // 1 minute after the last use
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/clients", ct)).StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task Signing_in_again_with_the_old_session_still_in_hand_ends_the_old_session()
    {
        var old = await SignInAsync("again@example.com");
        var other = await SignInAsync("again@example.com"); // another device: not replaced
        await api.CreateClient().RequestLinkAsync("again@example.com");

        // As the Web sends it: the cookie's token rides along as the bearer token.
        var renewed = await SignInFlow.SignedInAsync(await api.WithToken(old.Token).SpendAsync(await api.LatestLinkTokenAsync("again@example.com")));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.WithToken(old.Token).GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.WithToken(renewed.Token).GetAsync("/api/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.WithToken(other.Token).GetAsync("/api/me", ct)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_voids_the_sign_in_links_still_in_the_mailbox()
    {
        var session = await SignInAsync("mailbox@example.com");
        await api.CreateClient().RequestLinkAsync("mailbox@example.com");
        var waiting = await api.LatestLinkTokenAsync("mailbox@example.com");

        await api.WithToken(session.Token).PostAsync("/api/auth/sign-out-everywhere", null, ct);
        var spent = await api.CreateClient().SpendAsync(waiting);

        Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
    }

    [Fact]
    public async Task There_is_no_password_door_outside_Development()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/auth/password", new { email = "x@example.com", password = "portal-dev" }, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<SessionIssued> TherapistSignsInAsync(string email)
    {
        await using (var db = api.OpenDb())
        {
            db.UserAccounts.Add(UserAccount.ForTherapist(email, ApiFactory.DefaultNow));
            await db.SaveChangesAsync(ct);
        }

        await api.CreateClient().RequestLinkAsync(email);
        return await SignInFlow.SignedInAsync(await api.CreateClient().SpendAsync(await api.LatestLinkTokenAsync(email)));
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
