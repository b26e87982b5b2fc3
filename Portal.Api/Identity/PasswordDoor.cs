using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Api.RateLimiting;
using Portal.Core.Identity;

namespace Portal.Api.Identity;

/// <summary>
/// The developer's shortcut: any account, one shared password. It exists only when a developer opens it
/// (<c>Identity:PasswordDoor:Enabled</c>) in Development, and even then answers only this machine: a visitor's address,
/// as the Web forwards it, is never loopback.
/// </summary>
public static class PasswordDoor
{
    public static IEndpointRouteBuilder MapPasswordDoor(this IEndpointRouteBuilder app)
    {
        var open = IsOpen(app.ServiceProvider);
        app.MapGet("api/auth/password-door", State)
            .AllowAnonymous().WithTags("Sign-in")
            .WithName("PasswordDoorState")
            .WithSummary("Whether the developer's password door is open to this caller (Development, opted in, from loopback).");
        if (!open)
        {
            // Absent, not hidden: the route does not exist.
            return app;
        }

        app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PasswordDoor)).LogWarning(
            "The password door is open (Identity:PasswordDoor:Enabled): any account signs in from this machine with the development password.");
        app.MapPost("api/auth/password", SignInWithPassword).AllowAnonymous().WithTags("Sign-in")
            .AddEndpointFilter((context, next) => FromThisMachine(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(NotFromHere()))
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("SignInWithPassword")
            .WithSummary("Development, opted in, from loopback only: signs in any account with the development password.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static Ok<PasswordDoorState> State(HttpContext http) =>
        TypedResults.Ok(new PasswordDoorState(IsOpen(http.RequestServices) && FromThisMachine(http)));

    public static async Task<Results<Ok<SessionIssued>, ProblemHttpResult>> SignInWithPassword(
        PasswordSignInRequest request, HttpContext http, SignInDesk desk, CancellationToken cancellationToken) =>
        await desk.SignInWithPasswordAsync(request.Email ?? "", request.Password ?? "", SessionAuthenticationHandler.BearerTokenOf(http.Request),
                http.Connection.RemoteIpAddress?.ToString(), cancellationToken) switch
        {
            SignInOutcome.SignedIn signedIn => TypedResults.Ok(SessionIssued.From(signedIn)),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "That did not work",
                detail: "The address or the password is not right.", extensions: new Dictionary<string, object?> { ["code"] = "password-refused" }),
        };

    private static bool IsOpen(IServiceProvider services) =>
        services.GetRequiredService<IHostEnvironment>().IsDevelopment()
        && services.GetRequiredService<IOptions<IdentitySettings>>().Value.PasswordDoor.Enabled;

    // Forwarded headers are applied by then: a visitor the Web forwards has their own address, not the Web's loopback.
    private static bool FromThisMachine(HttpContext http) => ThisMachine.IsWhereRequestComesFrom(http);

    private static ProblemHttpResult NotFromHere() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "The password door is for this machine only",
        detail: "Sign in with an emailed link instead.",
        extensions: new Dictionary<string, object?> { ["code"] = "password-door-not-here" });
}

public sealed record PasswordSignInRequest(string? Email, string? Password);

public sealed record PasswordDoorState(bool Open);
