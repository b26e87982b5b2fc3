extern alias Web;

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using StackExchange.Redis;
using WebDataProtection = Web::Portal.Web.Identity.WebDataProtection;

namespace Portal.Tests.Identity;

/// <summary>
/// The Web's Data Protection keys live in Redis: a form opened before a restart (or served by another replica)
/// still submits, where a Web keeping its keys to itself turns it away. They are encrypted with the Web's certificate,
/// so Redis alone opens nothing.
/// </summary>
public sealed partial class WebKeyRingTests
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_form_opened_before_a_restart_still_submits_afterwards()
    {
        await using var redis = await LocalRedis.StartAsync();
        var form = await OpenSignInFormAsync(redis.ConnectionString);

        // A new instance over the same Redis: the restarted Web, or its second replica.
        var answer = await SubmitAsync(form, redis.ConnectionString);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Please enter an email address like name@example.com.", await answer.Content.ReadAsStringAsync(ct));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.True(await connection.GetDatabase().ListLengthAsync(WebDataProtection.KeyRingKey) >= 1, "no key in Redis");
    }

    [Fact]
    public async Task Without_the_shared_key_ring_the_same_form_is_turned_away()
    {
        await using var redis = await LocalRedis.StartAsync();
        var form = await OpenSignInFormAsync(redis.ConnectionString);

        var answer = await SubmitAsync(form, redisConnectionString: null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task Redis_alone_cannot_open_the_forms_the_Web_protected()
    {
        await using var redis = await LocalRedis.StartAsync();
        var form = await OpenSignInFormAsync(redis.ConnectionString);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = await connection.GetDatabase().ListRangeAsync(WebDataProtection.KeyRingKey);
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("<encryptedSecret", key.ToString());
            Assert.DoesNotContain("<masterKey", key.ToString());
        });

        // The same Redis, but no certificate: a Web on a developer's machine (the only place it may start without one).
        await using var withoutCertificate = new WebFactory(
            redis.ConnectionString, new Dictionary<string, string> { [TestKeyRing.Setting] = "" }, environment: "Development");
        var answer = await SubmitAsync(form, withoutCertificate);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task Four_replicas_starting_at_once_on_an_empty_Redis_share_one_key()
    {
        await using var redis = await LocalRedis.StartAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => new WebFactory(redis.ConnectionString)).ToArray();
        try
        {
            await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.Server, ct)));

            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            Assert.Equal(1, await connection.GetDatabase().ListLengthAsync(WebDataProtection.KeyRingKey));
            // What one replica protects (antiforgery tokens, status messages), every other opens: with a key each, not.
            foreach (var writer in replicas)
            {
                var token = Protector(writer).Protect("a status message");
                Assert.All(replicas, reader => Assert.Equal("a status message", Protector(reader).Unprotect(token)));
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static IDataProtector Protector(WebFactory web) =>
        web.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("WebKeyRingTests");

    /// <summary>The antiforgery cookie and token of the sign-in form, from a Web instance that is then stopped.</summary>
    private async Task<(string Cookie, string Token)> OpenSignInFormAsync(string redisConnectionString)
    {
        await using var web = new WebFactory(redisConnectionString);
        using var response = await web.CreateClient(WebFactory.NoCookies).GetAsync("/signin", ct);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery."));
        var token = AntiforgeryField().Match(await response.Content.ReadAsStringAsync(ct)).Groups["token"].Value;
        Assert.NotEmpty(token);
        return (cookie.Split(';')[0], token);
    }

    /// <summary>Sends the form with an address the page refuses itself, so no Api is needed to answer.</summary>
    private async Task<HttpResponseMessage> SubmitAsync((string Cookie, string Token) form, string? redisConnectionString)
    {
        await using var web = new WebFactory(redisConnectionString);
        return await SubmitAsync(form, web);
    }

    private async Task<HttpResponseMessage> SubmitAsync((string Cookie, string Token) form, WebFactory web)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "not-an-address",
                ["__RequestVerificationToken"] = form.Token,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        var response = await web.CreateClient(WebFactory.NoCookies).SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }

    [GeneratedRegex("""<input name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)" />""")]
    private static partial Regex AntiforgeryField();
}
