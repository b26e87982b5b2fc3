using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>An endpoint someone adds tomorrow and forgets to protect is closed, not open.</summary>
public sealed class AuthorizationByDefaultTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_endpoint_mapped_without_a_policy_is_closed_to_anonymous_callers_and_open_to_signed_in_ones()
    {
        using var extended = api.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ForgetfulEndpoint>()));
        var signedIn = await api.TherapistSignedInAsync();
        using var signedInThroughExtended = extended.CreateClient();
        signedInThroughExtended.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;

        var anonymous = await extended.CreateClient().GetAsync(ForgetfulEndpoint.Path, ct);
        var known = await signedInThroughExtended.GetAsync(ForgetfulEndpoint.Path, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    /// <summary>Maps one endpoint into the Api's own routes, after Program has mapped its own, saying nothing about who may call it.</summary>
    private sealed class ForgetfulEndpoint : IStartupFilter
    {
        public const string Path = "/api/forgotten-to-protect";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            var routes = (IEndpointRouteBuilder)app.Properties["__EndpointRouteBuilder"]!;
            routes.MapGet(Path, () => Results.Ok("open"));
        };
    }
}
