using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Portal.Core.Bookings;
using Portal.Core.Identity;

namespace Portal.Api.Identity;

public static class Policies
{
    public const string Therapist = nameof(Role.Therapist);
    public const string Client = nameof(Role.Client);

    /// <summary>A client whose discovery call is done: what paid sessions and the fuller messaging need.</summary>
    public const string DiscoveryCompleted = nameof(DiscoveryCompleted);

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            // Closed by default: an endpoint that says nothing needs a signed-in caller; the public ones say AllowAnonymous.
            // A request that reached no endpoint of ours (an unknown address, a wrong method) runs nothing and keeps its 404/405.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                    || context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
                .Build())
            .AddPolicy(Therapist, policy => policy.RequireRole(nameof(Role.Therapist)))
            .AddPolicy(Client, policy => policy.RequireRole(nameof(Role.Client)))
            .AddPolicy(DiscoveryCompleted, policy => policy
                .RequireRole(nameof(Role.Client))
                .RequireClaim(SessionAuthenticationHandler.DiscoveryCompletedClaim, "true"));
        return services;
    }

    /// <summary>The caller as the booking rules see them: a signed-in client, or a guest.</summary>
    public static Caller AsCaller(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionAuthenticationHandler.ClientIdClaim), out var clientId)
            ? new Caller(clientId)
            : Caller.Guest;

    /// <summary>The caller as the rules for what is theirs see them: the therapist, a client, or neither.</summary>
    public static Actor AsActor(this ClaimsPrincipal user) => new(user.AsCaller().ClientId, user.IsTherapist());

    public static bool IsTherapist(this ClaimsPrincipal user) => user.IsInRole(nameof(Role.Therapist));

    public static Guid SessionId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(SessionAuthenticationHandler.SessionIdClaim)!);

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
