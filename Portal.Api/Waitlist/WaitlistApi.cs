using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Portal.Api.Bookings;
using Portal.Api.Identity;
using Portal.Core.Bookings;
using Portal.Core.Payments;
using Portal.Core.Waitlist;

namespace Portal.Api.Waitlist;

/// <summary>A signed-in client's places on the waitlist and the times offered to them.</summary>
public static class WaitlistApi
{
    public static IEndpointRouteBuilder MapWaitlistApi(this IEndpointRouteBuilder app)
    {
        var waitlist = app.MapGroup("api/me/waitlist").WithTags("Waitlist").RequireAuthorization(Policies.Client);
        waitlist.MapPost("/", Join)
            .WithName("JoinWaitlist")
            .WithSummary("Joins the waitlist for a session type, days from..to and parts of the day (morning, afternoon, evening) in the client's zone.")
            .WithDescription("Someone who may not book the type may not wait for it (403 with the discovery gate's reason). When a " +
                "matching time frees up it is offered to the people waiting in the order they joined, one at a time, each offer held " +
                "for Waitlist:OfferHold (2 hours).");
        waitlist.MapGet("/", Mine)
            .WithName("MyWaitlist")
            .WithSummary("The client's places on the waitlist, in the order they joined, each with the offer open for it.");
        waitlist.MapDelete("/{id:guid}", Leave)
            .WithName("LeaveWaitlist")
            .WithSummary("Leaves the waitlist (an open offer goes with the place).");
        waitlist.MapPost("/offers/{id:guid}/take", Take)
            .WithName("TakeWaitlistOffer")
            .WithSummary("Books the offered time through the normal booking path; a paid session answers with its checkoutUrl.");
        return app;
    }

    public static async Task<Results<Created<WaitlistPlaceResponse>, ValidationProblem, ProblemHttpResult>> Join(
        JoinWaitlistRequest request, ClaimsPrincipal user, WaitlistDesk desk, CancellationToken cancellationToken) =>
        await desk.JoinAsync(ClientOf(user), request, cancellationToken) switch
        {
            JoinOutcome.Joined joined => TypedResults.Created((string?)null, WaitlistPlaceResponse.Of(new WaitingPlace(joined.Entry, null))),
            JoinOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "A few details need another look"),
            JoinOutcome.UnknownSessionType unknown => BookingsApi.Refusal(new BookingOutcome.UnknownSessionType(unknown.Slug)),
            JoinOutcome.NotAllowed refused => BookingsApi.Refusal(new BookingOutcome.NotAllowed(refused.Verdict)),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You are waiting for enough times already",
                detail: $"You can wait for at most {WaitlistOptions.MaxEntriesPerClient} times at once. Leave one you no longer need first.",
                extensions: new Dictionary<string, object?> { ["code"] = "waitlist-full" }),
        };

    public static async Task<Ok<WaitlistPlaceResponse[]>> Mine(ClaimsPrincipal user, WaitlistDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.ListAsync(ClientOf(user), cancellationToken)).Select(WaitlistPlaceResponse.Of).ToArray());

    public static async Task<Results<NoContent, NotFound>> Leave(
        Guid id, ClaimsPrincipal user, WaitlistDesk desk, CancellationToken cancellationToken) =>
        await desk.LeaveAsync(ClientOf(user), id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> Take(
        Guid id, ClaimsPrincipal user, WaitlistDesk desk, CheckoutOpener checkout, CancellationToken cancellationToken)
    {
        var outcome = await desk.TakeAsync(ClientOf(user), id, cancellationToken);
        switch (outcome)
        {
            case TakeOutcome.NotFound:
                return Problem(StatusCodes.Status404NotFound, "offer-not-found", "Offer not found", "There is no such offer among yours.");
            case TakeOutcome.Ended:
                return Problem(StatusCodes.Status410Gone, "offer-ended", "This offer has ended",
                    "The time was held for you for a while and has now been offered to the next person waiting. You are still on the waitlist unless you left it.");
            case TakeOutcome.Placed { Outcome: BookingOutcome.Booked { Payment: { } payment } held }:
                return await checkout.OpenAsync(held.Booking, payment, cancellationToken) is { } checkoutUrl
                    ? TypedResults.Ok(BookingResponse.From(held.Booking) with { CheckoutUrl = checkoutUrl })
                    : Problem(StatusCodes.Status503ServiceUnavailable, "payment-provider-unavailable", "We could not reach the payment page",
                        "Nothing was charged. The time is kept for you while you pay; please try again in a minute.");
            case TakeOutcome.Placed placed:
                return BookingsApi.Answer(placed.Outcome);
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    private static Guid ClientOf(ClaimsPrincipal user) => user.AsCaller().ClientId!.Value;

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <param name="From">The first day (yyyy-MM-dd) in <paramref name="TimeZone"/>.</param>
/// <param name="Offer">The time held for this place now, if any.</param>
public sealed record WaitlistPlaceResponse(
    Guid Id, string SessionType, string SessionTypeName, DateOnly From, DateOnly To, string[] PartsOfDay, string TimeZone,
    DateTimeOffset JoinedAt, WaitlistOfferResponse? Offer)
{
    public static WaitlistPlaceResponse Of(WaitingPlace place)
    {
        var entry = place.Entry;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(entry.TimeZone) ?? DateTimeZone.Utc;
        return new WaitlistPlaceResponse(entry.Id, entry.SessionType.Slug, entry.SessionType.Name, entry.FirstDay, entry.LastDay,
            entry.PartsOfDay.Names(), entry.TimeZone, entry.JoinedAt,
            place.Offer is { } offer ? new WaitlistOfferResponse(offer.Id, In(zone, offer.StartsAt), In(zone, offer.EndsAt), offer.ExpiresAt) : null);
    }

    private static DateTimeOffset In(DateTimeZone zone, DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset();
}

/// <param name="Start">In the place's time zone.</param>
public sealed record WaitlistOfferResponse(Guid Id, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset ExpiresAt);
