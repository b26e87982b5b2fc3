using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Identity;
using Portal.Core.Data;

namespace Portal.Tests.Identity;

/// <summary>
/// The Api's authorization, in an app of its own: an endpoint someone maps and forgets to protect is closed to
/// anonymous callers; only saying so opens it.
/// </summary>
public sealed class ClosedByDefaultTests
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_endpoint_mapped_without_a_policy_needs_a_signed_in_caller_and_only_AllowAnonymous_opens_one()
    {
        await using var app = await StartAsync(app =>
        {
            app.MapGet("/forgot-to-say", () => "the practice's secrets");
            app.MapPost("/forgot-to-say-either", () => "written");
            app.MapGet("/said-public", () => "hello").AllowAnonymous();
        });
        var http = app.GetTestClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/forgot-to-say", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/forgot-to-say-either", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/said-public", ct)).StatusCode);
        // An address that is no endpoint keeps its 404, so nothing tells what exists behind the door.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nothing-here", ct)).StatusCode);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(TimeProvider.System);
        // Never opened: an anonymous request carries no session to look up.
        builder.Services.AddDbContext<PortalDb>(options => options.UseNpgsql("Host=127.0.0.1;Port=1").UsePortalConventions());
        builder.Services.AddPortalAuthentication();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map(app);
        await app.StartAsync();
        return app;
    }
}
