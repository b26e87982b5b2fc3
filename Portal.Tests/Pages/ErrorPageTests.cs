using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Pages;

/// <summary>What a visitor reads when the Web cannot do what they asked: a page in plain words, never a bare status.</summary>
public sealed class ErrorPageTests : IAsyncDisposable
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly WebFactory web = new();

    [Fact]
    public async Task A_form_sent_without_its_antiforgery_token_says_nothing_was_sent_and_how_to_try_again()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "someone@example.com" });

        using var response = await web.CreateClient(WebFactory.NoCookies).PostAsync("/signin", form, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("That form could not be sent", page);
        Assert.Contains("Nothing was sent or booked.", page);
        Assert.DoesNotContain("Something went wrong on our side", page);
    }

    [Fact]
    public async Task An_unknown_address_is_a_friendly_not_found_page()
    {
        using var response = await web.CreateClient(WebFactory.NoCookies).GetAsync("/no-such-page", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find that page", await response.Content.ReadAsStringAsync(ct));
    }

    public async ValueTask DisposeAsync() => await web.DisposeAsync();
}

/// <summary>Development's exception page tells code and settings: only a developer on this machine sees it.</summary>
public sealed class DeveloperExceptionPageTests : IAsyncDisposable
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly WebFactory web = new();

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("203.0.113.9", false)]
    public async Task In_Development_a_failure_shows_the_exception_page_only_to_loopback(string from, bool developerPage)
    {
        using var development = web.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new FailingPage(IPAddress.Parse(from))));
        });

        using var response = await development.CreateClient(WebFactory.NoCookies).GetAsync(FailingPage.Path, ct);
        var page = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(developerPage, page.Contains(FailingPage.Secret));
        Assert.Equal(!developerPage, page.Contains("Something went wrong on our side"));
    }

    public async ValueTask DisposeAsync() => await web.DisposeAsync();

    /// <summary>Requests come from <paramref name="from"/>; one page of the Web's own routes fails with a telling exception.</summary>
    private sealed class FailingPage(IPAddress from) : IStartupFilter
    {
        public const string Path = "/fails-on-purpose";
        public const string Secret = "connection string with a password in it";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = from;
                return nextMiddleware(http);
            });
            next(app);
            var routes = (IEndpointRouteBuilder)app.Properties["__EndpointRouteBuilder"]!;
            routes.MapGet(Path, string () => throw new InvalidOperationException(Secret));
        };
    }
}
