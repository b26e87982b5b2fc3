using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Api.Identity;

/// <summary>
/// Signs in a request by its <c>Authorization: Bearer &lt;session token&gt;</c>: the token's hash must match a
/// session that is neither expired nor revoked. Checked on every request, so signing out takes effect at once.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PortalDb db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PortalSession";
    public const string ClientIdClaim = "client_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = UserSession.HashOf(header["Bearer ".Length..].Trim());
        var session = await db.UserSessions.AsNoTracking().Include(s => s.User)
            .SingleOrDefaultAsync(s => s.TokenHash == hash, Context.RequestAborted);
        if (session is null || !session.IsValidAt(clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The session is unknown, expired or signed out.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, session.UserId.ToString()),
            new(ClaimTypes.Role, session.User.Role.ToString()),
        ];
        if (session.User.ClientId is { } clientId)
        {
            claims.Add(new Claim(ClientIdClaim, clientId.ToString()));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}

public static class Policies
{
    public const string Therapist = nameof(Role.Therapist);
    public const string Client = nameof(Role.Client);

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Therapist, policy => policy.RequireRole(nameof(Role.Therapist)))
            .AddPolicy(Client, policy => policy.RequireRole(nameof(Role.Client)));
        return services;
    }

    /// <summary>The caller as the booking rules see them: a signed-in client, or a guest.</summary>
    public static Caller AsCaller(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionAuthenticationHandler.ClientIdClaim), out var clientId)
            ? new Caller(clientId)
            : Caller.Guest;

    public static bool IsTherapist(this ClaimsPrincipal user) => user.IsInRole(nameof(Role.Therapist));
}
