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
    public const string SessionIdClaim = "session_id";
    public const string DiscoveryCompletedClaim = "discovery_completed";

    /// <summary>The session token the request carries, valid or not; null when it carries none.</summary>
    public static string? BearerTokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header["Bearer ".Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerTokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = SecretTokens.HashOf(token);
        var now = clock.GetUtcNow();
        var found = await db.UserSessions.AsNoTracking()
            .Where(s => s.TokenHash == hash)
            .Select(s => new
            {
                Session = s,
                s.User,
                DiscoveryCompleted = db.Clients.Any(c => c.Id == s.User.ClientId && c.DiscoveryCompletedAt != null),
            })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || !found.Session.IsValidAt(now))
        {
            return AuthenticateResult.Fail("The session is unknown, expired or signed out.");
        }

        if (found.Session.ShouldSlide(now))
        {
            var slidTo = found.Session.ExpiresAfterUseAt(now);
            await db.UserSessions.Where(s => s.Id == found.Session.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, now).SetProperty(s => s.ExpiresAt, slidTo), Context.RequestAborted);
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, found.Session.UserId.ToString()),
            new(ClaimTypes.Role, found.User.Role.ToString()),
            new(SessionIdClaim, found.Session.Id.ToString()),
        ];
        if (found.User.ClientId is { } clientId)
        {
            claims.Add(new Claim(ClientIdClaim, clientId.ToString()));
        }

        if (found.DiscoveryCompleted)
        {
            claims.Add(new Claim(DiscoveryCompletedClaim, "true"));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
