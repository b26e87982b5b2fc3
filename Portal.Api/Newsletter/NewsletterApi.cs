using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Portal.Core.Newsletter;

namespace Portal.Api.Newsletter;

/// <summary>Joining and leaving the newsletter: the public form, its confirmation link, unsubscribe links, a client's own choice.</summary>
public static class NewsletterApi
{
    public const string RequestedMessage =
        "Thank you. Please check your inbox: the newsletter starts once you confirm with the link we sent.";

    public static IEndpointRouteBuilder MapNewsletterApi(this IEndpointRouteBuilder app)
    {
        var newsletter = app.MapGroup("api/newsletter").WithTags("Newsletter");
        newsletter.MapPost("/subscriptions", Subscribe).AllowAnonymous()
            .RequireRateLimit(rules => rules.MagicLinkPerIp, "newsletter-ip", perIp: true, validationIsFree: true)
            .WithName("SubscribeToNewsletter")
            .WithSummary("Asks to join: a confirmation email goes to the address (double opt-in). Answers the same for every address.");
        newsletter.MapPost("/confirm", Confirm).AllowAnonymous()
            .RequireRateLimit(rules => rules.SignInPerIp, "newsletter-confirm-ip", perIp: true)
            .WithName("ConfirmNewsletter")
            .WithSummary("Spends a confirmation link's token: the address is subscribed (once; within 7 days; only the newest link).");
        // Not rate limited: mail providers send one-click unsubscribes for many people from a few addresses.
        newsletter.MapPost("/unsubscribe", Unsubscribe).AllowAnonymous()
            .WithName("UnsubscribeFromNewsletter")
            .WithSummary("Unsubscribes the address an unsubscribe link's token names (the RFC 8058 one-click POST lands here through the Web).");
        newsletter.MapPost("/unsubscribe/address", UnsubscribeAddress).AllowAnonymous()
            .WithName("ReadUnsubscribeAddress")
            .WithSummary("The address an unsubscribe link is for, masked, without unsubscribing it (for the page with the button).");

        var mine = app.MapGroup("api/me/newsletter").WithTags("Newsletter").RequireAuthorization(Policies.Client);
        mine.MapGet("/", MyChoice)
            .WithName("MyNewsletterChoice")
            .WithSummary("Whether the signed-in client gets the newsletter.");
        mine.MapPut("/", ChooseMine)
            .WithName("ChooseMyNewsletter")
            .WithSummary("The signed-in client joins (no confirmation email: their sign-in proved the address) or leaves the newsletter.");
        return app;
    }

    public static async Task<Results<Accepted<NewsletterRequested>, ValidationProblem>> Subscribe(
        SubscribeRequest request, NewsletterDesk desk, CancellationToken cancellationToken) =>
        await desk.SubscribeAsync(request.Email, request.Name, request.Source is "footer" ? "newsletter form (footer)" : "newsletter form",
            cancellationToken) is { } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Accepted((string?)null, new NewsletterRequested(RequestedMessage));

    public static async Task<Results<Ok<NewsletterAddress>, ProblemHttpResult>> Confirm(
        NewsletterTokenRequest request, NewsletterDesk desk, CancellationToken cancellationToken) =>
        await desk.ConfirmAsync(request.Token, cancellationToken) is { } address
            ? TypedResults.Ok(new NewsletterAddress(address))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This confirmation link no longer works",
                detail: "It may be older than 7 days, already used, or replaced by a newer one. Sign up again and use the newest email.");

    public static async Task<Results<Ok<NewsletterAddress>, ProblemHttpResult>> Unsubscribe(
        NewsletterTokenRequest request, NewsletterDesk desk, CancellationToken cancellationToken) =>
        await desk.UnsubscribeAsync(request.Token, request.OneClick == true ? "one-click unsubscribe" : "unsubscribe page", cancellationToken)
            is { } address
            ? TypedResults.Ok(new NewsletterAddress(address))
            : UnknownLink();

    public static async Task<Results<Ok<NewsletterAddress>, ProblemHttpResult>> UnsubscribeAddress(
        NewsletterTokenRequest request, NewsletterDesk desk, CancellationToken cancellationToken) =>
        await desk.UnsubscribeAddressAsync(request.Token, cancellationToken) is { } address
            ? TypedResults.Ok(new NewsletterAddress(address))
            : UnknownLink();

    public static async Task<Ok<NewsletterChoice>> MyChoice(ClaimsPrincipal user, NewsletterDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(NewsletterChoice.Of(await desk.StatusOfClientAsync(user.AsCaller().ClientId!.Value, cancellationToken)));

    public static async Task<Results<Ok<NewsletterChoice>, ValidationProblem>> ChooseMine(
        NewsletterChoiceRequest request, ClaimsPrincipal user, NewsletterDesk desk, CancellationToken cancellationToken)
    {
        if (request.Subscribed is not { } subscribed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["subscribed"] = ["Say whether you want the newsletter (true or false)."] });
        }

        return TypedResults.Ok(NewsletterChoice.Of(await desk.ChooseForClientAsync(user.AsCaller().ClientId!.Value, subscribed, cancellationToken)));
    }

    private static ProblemHttpResult UnknownLink() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "This unsubscribe link is not one of ours",
        detail: "It may have been cut short when it was copied. Use the link at the bottom of the newsletter, or write to the practice.");
}

/// <param name="Source">Which form it came from ("footer" or "page"), kept with the consent record.</param>
public sealed record SubscribeRequest(string? Email, string? Name, string? Source = null);

/// <param name="OneClick">A mail provider's RFC 8058 one-click POST (recorded as such), rather than the page's button.</param>
public sealed record NewsletterTokenRequest(string? Token, bool? OneClick = null);

public sealed record NewsletterRequested(string Message);

public sealed record NewsletterAddress(string Address);

public sealed record NewsletterChoiceRequest(bool? Subscribed);

/// <param name="Status">Subscribed, Pending (a confirmation email is waiting for an answer), Unsubscribed, or None.</param>
public sealed record NewsletterChoice(bool Subscribed, string Status)
{
    public static NewsletterChoice Of(SubscriberStatus? status) =>
        new(status == SubscriberStatus.Subscribed, status?.ToString() ?? "None");
}
