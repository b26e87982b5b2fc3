using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Portal.Core.Bookings;
using Portal.Core.Identity;

namespace Portal.Api.Bookings;

/// <summary>
/// A guest booking made with an address the practice knows is held until that address confirms it, by the link
/// emailed to it. The token travels in the body, never in an address a log would keep.
/// </summary>
public static class HeldBookingsApi
{
    public static IEndpointRouteBuilder MapHeldBookingsApi(this IEndpointRouteBuilder app)
    {
        var held = app.MapGroup("api/bookings/held").WithTags("Bookings").AllowAnonymous()
            .RequireRateLimit(rules => rules.SignInPerIp, "sign-in-ip");
        held.MapPost("/address", ReadAddress)
            .WithName("ReadHeldBookingAddress")
            .WithSummary("The address a held booking's confirmation link is for, masked (s***@example.com), without spending the link.");
        held.MapPost("/confirm", Confirm)
            .WithName("ConfirmHeldBooking")
            .WithSummary("Confirms a held guest booking with the link emailed to its address: it becomes that client's booking, under the usual rules.");
        return app;
    }

    public static async Task<Results<Ok<LinkAddress>, ProblemHttpResult>> ReadAddress(
        SpendLinkRequest request, SignInDesk links, CancellationToken cancellationToken) =>
        request.IsPlausible && await links.AddressOfLinkAsync(request.Token, [LinkPurpose.ConfirmBooking], cancellationToken) is { } address
            ? TypedResults.Ok(new LinkAddress(address))
            : LinkRefused();

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> Confirm(
        SpendLinkRequest request, PendingBookings pending, CancellationToken cancellationToken)
    {
        if (!request.IsPlausible)
        {
            return LinkRefused();
        }

        return await pending.ConfirmAsync(request.Token, cancellationToken) switch
        {
            BookingOutcome.LinkRefused => LinkRefused(),
            var outcome => BookingsApi.Answer(outcome),
        };
    }

    private static ProblemHttpResult LinkRefused() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "This link no longer works",
        detail: "A booking's confirmation link works once, only the newest one, and until the session begins. Please book again.",
        extensions: new Dictionary<string, object?> { ["code"] = "link-invalid" });
}
