using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Portal.Core.Data;
using Portal.Core.Profile;

namespace Portal.Api.Profile;

/// <summary>A client's own details and email choices; a new address once its link is followed.</summary>
public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("api/me").WithTags("Profile").RequireAuthorization(Policies.Client);
        mine.MapGet("/profile", MyProfile)
            .WithName("MyProfile")
            .WithSummary("The signed-in client's name, email, phone, time zone, email choices, and an address change waiting for its link.");
        mine.MapPut("/profile", ChangeMyProfile)
            .WithName("ChangeMyProfile")
            .WithSummary("Changes name, phone (checked as on the booking form), time zone and which emails the client wants.");
        mine.MapPost("/email-change", RequestEmailChange)
            .RequireRateLimit(rules => rules.MagicLinkPerIp, "email-change")
            .WithName("RequestEmailChange")
            .WithSummary("Sends a link to the new address; the account changes to it only when the link is followed (24 hours).");

        // The link is followed from the new mailbox, perhaps on another device: the token is the proof, not a session.
        var links = app.MapGroup("api/email-change").WithTags("Profile").AllowAnonymous();
        links.MapPost("/address", AddressOfLink)
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("EmailChangeLinkAddress")
            .WithSummary("The address an email-change link would switch to, masked, without spending it.");
        links.MapPost("/confirm", ConfirmEmailChange)
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("ConfirmEmailChange")
            .WithSummary("Follows an email-change link: the account's address changes and the old address is told.");
        return app;
    }

    public static async Task<Ok<ProfileResponse>> MyProfile(ClaimsPrincipal user, ProfileDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(ProfileResponse.From(await desk.GetAsync(user.AsCaller().ClientId!.Value, cancellationToken)));

    public static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> ChangeMyProfile(
        ProfileRequest request, ClaimsPrincipal user, ProfileDesk desk, PortalDb db, CancellationToken cancellationToken)
    {
        var clientId = user.AsCaller().ClientId!.Value;
        var region = (await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)).DefaultPhoneRegion;
        var problems = await desk.UpdateAsync(clientId,
            new ProfileChange(request.Name, request.Phone, request.TimeZone, request.RemindersByEmail, request.MessageNoticesByEmail),
            region, cancellationToken);
        return problems.Count > 0
            ? TypedResults.ValidationProblem(problems, title: "A few details need another look")
            : TypedResults.Ok(ProfileResponse.From(await desk.GetAsync(clientId, cancellationToken)));
    }

    public static async Task<Results<Accepted, ValidationProblem>> RequestEmailChange(
        EmailChangeRequest request, ClaimsPrincipal user, ProfileDesk desk, CancellationToken cancellationToken)
    {
        var problems = await desk.RequestEmailChangeAsync(user.AsCaller().ClientId!.Value, request.Email, cancellationToken);
        return problems.Count > 0 ? TypedResults.ValidationProblem(problems, title: "The address needs another look") : TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<EmailChangeLinkResponse>, ProblemHttpResult>> AddressOfLink(
        EmailChangeTokenRequest request, ProfileDesk desk, CancellationToken cancellationToken) =>
        await desk.AddressOfLinkAsync(request.Token, cancellationToken) is { } address
            ? TypedResults.Ok(new EmailChangeLinkResponse(address))
            : LinkNotValid();

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmEmailChange(
        EmailChangeTokenRequest request, ProfileDesk desk, CancellationToken cancellationToken) =>
        await desk.ConfirmEmailChangeAsync(request.Token, cancellationToken) switch
        {
            EmailChangeOutcome.Changed => TypedResults.NoContent(),
            EmailChangeOutcome.AddressTaken => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "That address is already used for another account",
                detail: "Nothing was changed. Sign in with your current address, or write to the practice."),
            _ => LinkNotValid(),
        };

    private static ProblemHttpResult LinkNotValid() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "This link does not work any more",
        detail: "Links to confirm a new address work once, for 24 hours, and only the latest one. Ask again from your profile.");
}

public sealed record ProfileRequest(string? Name, string? Phone, string? TimeZone, bool? RemindersByEmail, bool? MessageNoticesByEmail);

public sealed record EmailChangeRequest(string? Email);

public sealed record EmailChangeTokenRequest(string? Token);

public sealed record EmailChangeLinkResponse(string Email);

public sealed record ProfileResponse(
    string Name, string Email, string Phone, string TimeZone, bool RemindersByEmail, bool MessageNoticesByEmail, string? PendingEmail)
{
    public static ProfileResponse From(ClientProfile p) =>
        new(p.Name, p.Email, p.Phone, p.TimeZone, p.RemindersByEmail, p.MessageNoticesByEmail, p.PendingEmail);
}
