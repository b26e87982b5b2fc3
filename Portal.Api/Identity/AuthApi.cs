using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Api.Infrastructure;
using Portal.Api.RateLimiting;
using Portal.Core.Clients;
using Portal.Core.Identity;

namespace Portal.Api.Identity;

/// <summary>Passwordless sign-in: ask for a link, spend it for a session, sign out here or everywhere.</summary>
public static class AuthApi
{
    public const string LinkSentMessage =
        "If this address belongs to an account or a booking here, a sign-in link is on its way. It works once, for 15 minutes.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("api/auth").WithTags("Sign-in");
        auth.MapPost("/magic-link", RequestLink).AllowAnonymous()
            .RequireRateLimit(rules => rules.MagicLinkPerIp, "magic-link-ip")
            .WithName("RequestMagicLink")
            .WithSummary("Emails a sign-in link. Answers the same whether or not the address is known.");
        auth.MapPost("/sessions", SpendLink).AllowAnonymous()
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("SignInWithLink")
            .WithSummary("Spends a sign-in link's token for a session token (once; within 15 minutes; only the newest link). "
                + "A session the request still carries as its bearer token ends: the new one replaces it.");
        // A POST, so the token stays out of addresses and access logs.
        auth.MapPost("/link-address", ReadLinkAddress).AllowAnonymous()
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("ReadSignInLinkAddress")
            .WithSummary("The address a sign-in link is for, masked (s***@example.com), without spending the link.");
        auth.MapPost("/sign-out", SignOut).RequireAuthorization()
            .WithName("SignOut")
            .WithSummary("Ends this session.");
        auth.MapPost("/sign-out-everywhere", SignOutEverywhere).RequireAuthorization()
            .WithName("SignOutEverywhere")
            .WithSummary("Ends every session of the signed-in person, on every device.");
        app.MapPasswordDoor();
        app.MapMySessionsApi();
        return app;
    }

    public static async Task<Results<Accepted<LinkRequested>, ValidationProblem, ProblemHttpResult>> RequestLink(
        MagicLinkRequest request, HttpContext http, SignInDesk desk, SharedRateLimiter limiter, IOptionsMonitor<RateRules> rules,
        IOptions<IdentitySettings> identity, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        if (!ContactDetails.IsEmail(request.Email))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Please enter your email address, like name@example.com."] });
        }

        var perAddress = await limiter.TryAcquireAsync("magic-link-address", rules.CurrentValue.MagicLinkPerAddress, ContactDetails.EmailKeyOf(request.Email!));
        if (!perAddress.Allowed)
        {
            return (ProblemHttpResult)RateLimitFilter.TooMany(http, perAddress);
        }

        await desk.RequestLinkAsync(request.Email!, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        // Known and unknown addresses answer alike, in time too.
        await clock.WaitOutAsync(started, identity.Value.LinkRequestAnswerTime, cancellationToken);

        return TypedResults.Accepted((string?)null, new LinkRequested(LinkSentMessage));
    }

    public static async Task<Results<Ok<SessionIssued>, ProblemHttpResult>> SpendLink(
        SpendLinkRequest request, HttpContext http, SignInDesk desk, IOptions<IdentitySettings> identity, CancellationToken cancellationToken)
    {
        if (!request.IsPlausible)
        {
            return LinkRefused(identity.Value);
        }

        return await desk.ConsumeLinkAsync(request.Token, SessionAuthenticationHandler.BearerTokenOf(http.Request),
                http.Connection.RemoteIpAddress?.ToString(), cancellationToken) switch
        {
            SignInOutcome.SignedIn signedIn => TypedResults.Ok(SessionIssued.From(signedIn)),
            _ => LinkRefused(identity.Value),
        };
    }

    public static async Task<Results<Ok<LinkAddress>, ProblemHttpResult>> ReadLinkAddress(
        SpendLinkRequest request, SignInDesk desk, IOptions<IdentitySettings> identity, CancellationToken cancellationToken)
    {
        if (!request.IsPlausible)
        {
            return LinkRefused(identity.Value);
        }

        return await desk.SignInLinkAsync(request.Token, cancellationToken) is { } link
            ? TypedResults.Ok(new LinkAddress(link.Address, link.CreatesAccount))
            : LinkRefused(identity.Value);
    }

    public static async Task<NoContent> SignOut(ClaimsPrincipal user, HttpContext http, SignInDesk desk, CancellationToken cancellationToken)
    {
        await desk.SignOutAsync(user.SessionId(), everywhere: false, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> SignOutEverywhere(ClaimsPrincipal user, HttpContext http, SignInDesk desk, CancellationToken cancellationToken)
    {
        await desk.SignOutAsync(user.SessionId(), everywhere: true, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>"15 minutes", "7 days", "3 hours".</summary>
    private static string Lasting(TimeSpan lifetime) =>
        lifetime.TotalDays >= 1 && lifetime.TotalDays % 1 == 0 ? Plural((int)lifetime.TotalDays, "day")
        : lifetime.TotalHours >= 2 && lifetime.TotalHours % 1 == 0 ? Plural((int)lifetime.TotalHours, "hour")
        : Plural((int)Math.Ceiling(lifetime.TotalMinutes), "minute");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    // One answer for unknown, used, superseded and expired links: the reason is in the audit, not in the response.
    private static ProblemHttpResult LinkRefused(IdentitySettings settings) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "This sign-in link no longer works",
        detail: $"A link works once, and only the newest one does: a sign-in link for {Lasting(settings.SignInLinkLifetime)}, " +
            $"the link in a booking email for {Lasting(settings.ClaimLinkLifetime)}. Ask for a new link and use it straight away.",
        extensions: new Dictionary<string, object?> { ["code"] = "link-invalid" });
}

public sealed record MagicLinkRequest(string? Email);

public sealed record LinkRequested(string Message);

public sealed record SpendLinkRequest(string? Token)
{
    /// <summary>Shaped like a link's token at all; anything else is refused before any lookup.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Token))]
    public bool IsPlausible => !string.IsNullOrWhiteSpace(Token) && Token.Length <= 200;
}

/// <param name="CreatesAccount">Pressing "Sign in" creates the account: the first sign-in of a client who booked as a guest.</param>
public sealed record LinkAddress(string Email, bool CreatesAccount = false);

public sealed record SessionIssued(string Token, DateTimeOffset ExpiresAt, string Role, bool AccountClaimed)
{
    public static SessionIssued From(SignInOutcome.SignedIn signedIn) =>
        new(signedIn.Token, signedIn.ExpiresAt, signedIn.Role.ToString(), signedIn.Claimed);
}
