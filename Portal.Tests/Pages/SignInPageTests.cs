extern alias Web;

using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using PortalApiClient = Web::Portal.Web.Api.PortalApiClient;

namespace Portal.Tests.Pages;

/// <summary>The sign-in pages as the Web draws them from what the Api answers (a stand-in Api here).</summary>
public sealed class SignInPageTests : IAsyncDisposable
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly WebFactory web = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_password_form_shows_only_when_the_Api_says_its_door_is_open(bool open)
    {
        using var site = Over(new StandInApi { ["GET api/auth/password-door"] = (200, $$"""{"open":{{(open ? "true" : "false")}}}""") });

        var page = await site.CreateClient(WebFactory.NoCookies).GetStringAsync("/signin", ct);

        Assert.Equal(open, page.Contains("data-development-password"));
    }

    [Fact]
    public async Task The_confirm_page_shows_whose_link_it_is_before_anything_is_spent()
    {
        var api = new StandInApi { ["POST api/auth/link-address"] = (200, """{"email":"s***@example.com"}""") };
        using var site = Over(api);

        var page = await site.CreateClient(WebFactory.NoCookies).GetStringAsync("/signin/confirm?token=abc", ct);

        Assert.Contains("s***@example.com", page);
        Assert.Contains("data-sign-in", page);
        Assert.DoesNotContain("POST api/auth/sessions", api.Asked);
    }

    [Fact]
    public async Task A_link_that_no_longer_works_says_so_on_opening_and_offers_no_sign_in_button()
    {
        using var site = Over(new StandInApi
        {
            ["POST api/auth/link-address"] = (400, """{"status":400,"title":"This sign-in link no longer works","detail":"Ask for a new link.","code":"link-invalid"}"""),
        });

        var page = await site.CreateClient(WebFactory.NoCookies).GetStringAsync("/signin/confirm?token=spent", ct);

        Assert.Contains("This sign-in link no longer works", page);
        Assert.DoesNotContain("data-sign-in", page);
    }

    public async ValueTask DisposeAsync() => await web.DisposeAsync();

    private WebApplicationFactory<Web::Program> Over(StandInApi api) => web.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Api:BaseAddress", "http://api.test/");
        builder.ConfigureTestServices(services => services.AddHttpClient<PortalApiClient>().ConfigurePrimaryHttpMessageHandler(() => api));
    });

    /// <summary>Answers "METHOD path" with a status and a JSON body; anything else is a 404.</summary>
    private sealed class StandInApi : HttpMessageHandler
    {
        private readonly Dictionary<string, (int Status, string Body)> answers = [];

        public List<string> Asked { get; } = [];

        public (int Status, string Body) this[string request]
        {
            set => answers[request] = value;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = $"{request.Method} {request.RequestUri!.AbsolutePath.TrimStart('/')}";
            lock (Asked)
            {
                Asked.Add(key);
            }

            var (status, body) = answers.TryGetValue(key, out var answer) ? answer : (404, """{"status":404}""");
            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(body, Encoding.UTF8, status < 400 ? "application/json" : "application/problem+json"),
            });
        }
    }
}
