using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Portal.Core.Bookings;

namespace Portal.Api.Bookings;

public static class BookingsApi
{
    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/bookings").WithTags("Bookings")
            .MapPost("/", Book)
            .WithName("Book")
            .WithSummary("Books a session. Guests may book the free discovery call; paid types need a completed discovery call.");
        return app;
    }

    public static async Task<Results<Created<BookingResponse>, ValidationProblem, ProblemHttpResult>> Book(
        BookingRequest request, BookingDesk desk, CancellationToken cancellationToken)
    {
        var outcome = await desk.BookAsync(request, Caller.Guest, cancellationToken);
        return outcome switch
        {
            BookingOutcome.Booked booked => TypedResults.Created((string?)null, BookingResponse.From(booked.Booking)),
            BookingOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "A few details need another look"),
            BookingOutcome.UnknownSessionType unknown => Problem(StatusCodes.Status404NotFound, "unknown-session-type",
                "Unknown session type", $"There is no session type '{unknown.Slug}' to book."),
            BookingOutcome.NotAllowed { Verdict: GateVerdict.DiscoveryFirst } => Problem(StatusCodes.Status403Forbidden, "discovery-first",
                "Your discovery call comes first",
                "Paid sessions open once you have had your free 20-minute discovery call and signed in. Book the discovery call to begin."),
            BookingOutcome.NotAllowed { Verdict: GateVerdict.DiscoveryAlreadyBooked } => Problem(StatusCodes.Status409Conflict, "discovery-already-booked",
                "You already have a discovery call booked",
                "Your confirmation email has its date and time. To change it, please contact the practice."),
            BookingOutcome.NotAllowed { Verdict: GateVerdict.DiscoveryAlreadyHad } => Problem(StatusCodes.Status409Conflict, "discovery-already-had",
                "You have already had your discovery call",
                "Sign in to book your next session, or contact the practice if you would like to talk again first."),
            _ => Problem(StatusCodes.Status409Conflict, "time-taken",
                "That time was just taken",
                "That time is not available any more; someone may have just booked it. Please pick another."),
        };
    }

    /// <summary>The <c>code</c> lets the Web react to a case (back to the slot picker on "time-taken") without parsing words.</summary>
    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}

public sealed record BookingResponse(
    Guid Id,
    string SessionType,
    string SessionTypeName,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string TimeZone,
    DateTimeOffset? HoldExpiresAt)
{
    /// <summary>Times in the client's own zone, so "10:00+01:00" reads as they will see it.</summary>
    public static BookingResponse From(Booking booking)
    {
        var zone = DateTimeZoneProviders.Tzdb[booking.Client.TimeZone];
        DateTimeOffset Local(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset();
        return new BookingResponse(
            booking.Id,
            booking.SessionType.Slug,
            booking.SessionType.Name,
            Local(booking.StartsAt),
            Local(booking.EndsAt),
            booking.Status.ToString(),
            zone.Id,
            booking.HoldExpiresAt);
    }
}
