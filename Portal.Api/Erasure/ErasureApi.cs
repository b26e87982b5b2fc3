using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Audit;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core.Erasure;
using Portal.Core.Privacy;

namespace Portal.Api.Erasure;

/// <summary>
/// Closing an account (GDPR article 17): the client asks, a link is emailed, following it erases them; the therapist
/// can erase a client herself. What is erased and what is kept by law is <see cref="ClientRecords"/>.
/// </summary>
public static class ErasureApi
{
    public static IEndpointRouteBuilder MapErasureApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("api/me/closure").WithTags("Erasure").RequireAuthorization(Policies.Client);
        mine.MapGet("/", MyClosurePreview)
            .WithName("MyClosurePreview")
            .WithSummary("What closing the signed-in client's account would do: the sessions cancelled (refunded or not) and what is kept by law.");
        mine.MapPost("/", RequestClosure)
            .RequireRateLimit(rules => rules.MagicLinkPerIp, "closure")
            .WithName("RequestClosure")
            .WithSummary("Emails the client a link that confirms closing their account (24 hours, once); nothing is erased before.");

        // The link is followed from the mailbox, perhaps on another device: the token is the proof, not a session.
        var links = app.MapGroup("api/closure").WithTags("Erasure").AllowAnonymous();
        links.MapGet("/retention", Retention)
            .WithName("ClinicalRetention")
            .WithSummary("How many years the records kept by law stay after a client is erased (Privacy:ClinicalRetentionYears), for the privacy notice.");
        links.MapPost("/preview", ClosureLinkPreview)
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("ClosureLinkPreview")
            .WithSummary("What following a closure link would do, without spending it.");
        links.MapPost("/confirm", ConfirmClosure)
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip")
            .WithName("ConfirmClosure")
            .WithSummary("Follows a closure link: future sessions cancelled, the account and personal data erased, in one transaction.");

        var clients = app.MapGroup("api/clients/{id:guid}/erasure").WithTags("Erasure").RequireAuthorization(Policies.Therapist);
        clients.MapGet("/", ErasurePreview)
            .WithName("ClientErasurePreview")
            .WithSummary("What erasing this client would do: the sessions cancelled (refunded or not) and what is kept by law.");
        clients.MapPost("/", EraseClient)
            .WithName("EraseClient")
            .WithSummary("Erases the client now (audited): future sessions cancelled by the practice's rules, their details erased, clinical records kept without them.");
        return app;
    }

    public static async Task<Ok<ErasurePreviewResponse>> MyClosurePreview(ClaimsPrincipal user, ClientErasure erasure, CancellationToken cancellationToken) =>
        TypedResults.Ok(ErasurePreviewResponse.From((await erasure.PreviewAsync(user.AsCaller().ClientId!.Value, ErasureRequester.TheClient, cancellationToken))!));

    public static async Task<Accepted> RequestClosure(ClaimsPrincipal user, ClosureDesk desk, CancellationToken cancellationToken)
    {
        await desk.RequestAsync(user.AsCaller().ClientId!.Value, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    public static Ok<RetentionResponse> Retention(IOptions<ClinicalRetention> retention) =>
        TypedResults.Ok(new RetentionResponse(retention.Value.ClinicalRetentionYears));

    public static async Task<Results<Ok<ErasurePreviewResponse>, ProblemHttpResult>> ClosureLinkPreview(
        ClosureTokenRequest request, ClosureDesk desk, CancellationToken cancellationToken) =>
        await desk.PreviewAsync(request.Token, cancellationToken) is { } preview ? TypedResults.Ok(ErasurePreviewResponse.From(preview)) : LinkNotValid();

    public static async Task<Results<Ok<ErasureOutcomeResponse>, ProblemHttpResult>> ConfirmClosure(
        ClosureTokenRequest request, ClosureDesk desk, CancellationToken cancellationToken) =>
        await desk.ConfirmAsync(request.Token, cancellationToken) is { } outcome ? TypedResults.Ok(ErasureOutcomeResponse.From(outcome)) : LinkNotValid();

    public static async Task<Results<Ok<ErasurePreviewResponse>, NotFound>> ErasurePreview(
        Guid id, bool? refundLateCancellations, HttpContext http, ClientErasure erasure, CancellationToken cancellationToken) =>
        await erasure.PreviewAsync(id, Therapist(http, refundLateCancellations), cancellationToken) is { } preview
            ? TypedResults.Ok(ErasurePreviewResponse.From(preview))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<ErasureOutcomeResponse>, NotFound>> EraseClient(
        Guid id, ErasureRequest? request, HttpContext http, ClientErasure erasure, CancellationToken cancellationToken) =>
        await erasure.EraseAsync(id, Therapist(http, request?.RefundLateCancellations), cancellationToken) is { } outcome
            ? TypedResults.Ok(ErasureOutcomeResponse.From(outcome))
            : TypedResults.NotFound();

    private static ErasureRequester Therapist(HttpContext http, bool? refundLate)
    {
        var reader = http.AsReader();
        return new ErasureRequester(reader.UserId, reader.IpAddress, refundLate ?? false);
    }

    private static ProblemHttpResult LinkNotValid() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "This link does not work any more",
        detail: "Links to close an account work once, for 24 hours, and only the latest one. Sign in and ask again from \"Your data\".");
}

public sealed record ClosureTokenRequest(string? Token);

public sealed record RetentionResponse(int ClinicalRetentionYears);

/// <param name="RefundLateCancellations">Refund sessions inside the cancellation window too (the practice's rules refund only those outside it).</param>
public sealed record ErasureRequest(bool? RefundLateCancellations);

public sealed record SessionToCancelResponse(Guid BookingId, string SessionType, DateTimeOffset StartsAt, bool Paid, bool InsideWindow, bool Refunded);

public sealed record ErasurePreviewResponse(
    string Name, SessionToCancelResponse[] Sessions, bool KeepsRecords, DateTimeOffset RecordsKeptUntil, int CancellationWindowHours)
{
    public static ErasurePreviewResponse From(Core.Erasure.ErasurePreview p) => new(
        p.Name,
        [.. p.Sessions.Select(s => new SessionToCancelResponse(s.BookingId, s.SessionType, s.StartsAt, s.Paid, s.InsideWindow, s.Refunded))],
        p.KeepsRecords, p.RecordsKeptUntil, (int)p.CancellationWindow.TotalHours);
}

public sealed record ErasureOutcomeResponse(string Pseudonym, int SessionsCancelled, int RefundsRequested, DateTimeOffset? RecordsKeptUntil)
{
    public static ErasureOutcomeResponse From(ErasureOutcome o) => new(o.Pseudonym, o.SessionsCancelled, o.RefundsRequested, o.RecordsKeptUntil);
}
