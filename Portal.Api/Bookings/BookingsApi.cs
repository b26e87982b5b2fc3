using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Microsoft.Extensions.Options;
using Portal.Api.Identity;
using Portal.Api.Infrastructure;
using Portal.Api.RateLimiting;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Payments;
using Portal.Core.Practice;

namespace Portal.Api.Bookings;

public static class BookingsApi
{
    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder app)
    {
        var bookings = app.MapGroup("api/bookings").WithTags("Bookings");

        bookings.MapPost("/", Book)
            .AllowAnonymous()
            .RequireRateLimit(rules => rules.BookingPerCaller, "booking", validationIsFree: true)
            .WithName("Book")
            .WithSummary("Books a session. Guests may book the free discovery call; paid types need a completed discovery call.")
            .WithDescription("A guest's booking answers 201 with status Held, whether or not the practice knows the address: for a new " +
                "address the booking is confirmed and the email says so; for a known one the time is held until the link emailed to " +
                "the address confirms it (POST /api/bookings/held/confirm). Guests send privacyConsent: true.");
        bookings.MapGet("/", ListBookings)
            .RequireAuthorization(Policies.Therapist)
            .WithName("ListBookings")
            .WithSummary("The therapist's bookings starting in [from, to).");
        bookings.MapPost("/{id:guid}/cancel", Cancel)
            .RequireAuthorization()
            .WithName("CancelBooking")
            .WithSummary("Cancels a booking: its client outside the cancellation window, the therapist at any time.");
        bookings.MapPost("/{id:guid}/reschedule", Reschedule)
            .RequireAuthorization()
            .WithName("RescheduleBooking")
            .WithSummary("Moves a confirmed booking to another free time, under the same rules as cancelling.");
        bookings.MapPost("/{id:guid}/complete", Complete)
            .RequireAuthorization(Policies.Therapist)
            .WithName("CompleteBooking")
            .WithSummary("Records that a session took place; completing a discovery call unlocks the client's paid sessions.");
        bookings.MapPost("/{id:guid}/no-show", NoShow)
            .RequireAuthorization(Policies.Therapist)
            .WithName("MarkNoShow")
            .WithSummary("Records that the client did not come.");
        return app;
    }

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, BookingChanges changes, CancellationToken cancellationToken) =>
        ToResult(await changes.RecordAttendanceAsync(id, attended: true, cancellationToken));

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> NoShow(
        Guid id, BookingChanges changes, CancellationToken cancellationToken) =>
        ToResult(await changes.RecordAttendanceAsync(id, attended: false, cancellationToken));

    public static async Task<Results<Created<BookingResponse>, ValidationProblem, ProblemHttpResult>> Book(
        BookingRequest request, ClaimsPrincipal user, BookingDesk desk, CheckoutOpener checkout, IOptions<IdentitySettings> identity,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var caller = user.AsCaller();
        var outcome = await desk.BookAsync(request, caller, cancellationToken);
        if (caller.ClientId is null && outcome is BookingOutcome.HeldForGuest or BookingOutcome.NotAllowed or BookingOutcome.TimeUnavailable)
        {
            await clock.WaitOutAsync(started, identity.Value.GuestBookingAnswerTime, cancellationToken);
        }

        if (outcome is BookingOutcome.Booked { Payment: { } payment } held)
        {
            return await checkout.OpenAsync(held.Booking, payment, cancellationToken) is { } checkoutUrl
                ? TypedResults.Created((string?)null, BookingResponse.From(held.Booking) with { CheckoutUrl = checkoutUrl })
                : Problem(StatusCodes.Status503ServiceUnavailable, "payment-provider-unavailable",
                    "We could not reach the payment page",
                    "Nothing was charged and the time was not kept. Please try again in a minute.");
        }

        return outcome switch
        {
            BookingOutcome.Booked booked => TypedResults.Created((string?)null, BookingResponse.From(booked.Booking)),
            BookingOutcome.HeldForGuest guest => TypedResults.Created((string?)null, BookingResponse.ForGuest(guest)),
            BookingOutcome.Invalid invalid => Invalid(invalid),
            _ => Refusal(outcome),
        };
    }

    /// <summary>A booking placed by another way in (a held booking confirmed by its link): 200 with the booking, or the refusal.</summary>
    internal static Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult> Answer(BookingOutcome outcome) => outcome switch
    {
        BookingOutcome.Booked booked => TypedResults.Ok(BookingResponse.From(booked.Booking)),
        BookingOutcome.Invalid invalid => Invalid(invalid),
        _ => Refusal(outcome),
    };

    private static ValidationProblem Invalid(BookingOutcome.Invalid invalid) =>
        TypedResults.ValidationProblem(invalid.Errors, title: "A few details need another look");

    internal static ProblemHttpResult Refusal(BookingOutcome outcome) => outcome switch
    {
        BookingOutcome.PaymentsUnavailable => Problem(StatusCodes.Status503ServiceUnavailable, "payments-not-set-up",
            "Paid sessions cannot be booked online yet",
            "Online payment is not set up for this practice. Please contact the therapist to book this session."),
        BookingOutcome.UnknownSessionType unknown => Problem(StatusCodes.Status404NotFound, "unknown-session-type",
            "Unknown session type", $"There is no session type '{unknown.Slug}' to book."),
        BookingOutcome.NotAllowed { Verdict: GateVerdict.DiscoveryFirst } => Problem(StatusCodes.Status403Forbidden, "discovery-first",
            "Your discovery call comes first",
            "Paid sessions open once you have had your free 20-minute discovery call and signed in. Book the discovery call to begin."),
        BookingOutcome.NotAllowed { Verdict: GateVerdict.IntakeFirst } => Problem(StatusCodes.Status403Forbidden, "intake-first",
            "Please complete your intake form first",
            "Your ongoing sessions open once your intake form is in. You can fill it in at /me/intake, save it and come back, then send it."),
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

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, CancelRequest? request, ClaimsPrincipal user, BookingChanges changes, CancellationToken cancellationToken) =>
        ToResult(await changes.CancelAsync(id, ActorOf(user), request?.LateByClient ?? false, request?.Refund ?? false, cancellationToken));

    public static async Task<Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult>> Reschedule(
        Guid id, RescheduleRequest request, ClaimsPrincipal user, BookingChanges changes, CancellationToken cancellationToken)
    {
        if (request.Start is not { } start)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["start"] = ["Please choose the new time."] });
        }

        return ToResult(await changes.RescheduleAsync(id, start, ActorOf(user), cancellationToken));
    }

    public static async Task<Results<Ok<BookingResponse[]>, ProblemHttpResult>> ListBookings(
        DateTimeOffset from, DateTimeOffset to, PortalDb db, CancellationToken cancellationToken)
    {
        if (!CalendarBounds.Contains(from) || !CalendarBounds.Contains(to))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad-range", "Check the dates", CalendarBounds.Sentence);
        }

        if (to <= from || to - from > TimeSpan.FromDays(93))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad-range", "Check the dates", "'to' must be after 'from', at most 93 days later.");
        }

        var bookings = await db.Bookings.AsNoTracking().Include(b => b.Client).Include(b => b.SessionType)
            .Where(b => b.StartsAt >= from.ToUniversalTime() && b.StartsAt < to.ToUniversalTime())
            .OrderBy(b => b.StartsAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(bookings.Select(BookingResponse.From).ToArray());
    }

    private static Actor ActorOf(ClaimsPrincipal user) => user.AsActor();

    private static Results<Ok<BookingResponse>, ValidationProblem, ProblemHttpResult> ToResult(ChangeOutcome outcome) => outcome switch
    {
        ChangeOutcome.Done done => TypedResults.Ok(BookingResponse.From(done.Booking)),
        ChangeOutcome.NotFound => Problem(StatusCodes.Status404NotFound, "booking-not-found",
            "Booking not found", "There is no such booking among yours."),
        ChangeOutcome.InsideWindow inside => Problem(StatusCodes.Status409Conflict, "inside-cancellation-window",
            "Please contact your therapist",
            $"This session is less than {inside.Window.TotalHours:0} hours away, so it can no longer be changed online. Please contact your therapist."),
        ChangeOutcome.NotChangeable notChangeable => Problem(StatusCodes.Status409Conflict, "not-changeable",
            "This booking cannot be changed", $"It is {notChangeable.Status.ToString().ToLowerInvariant()}, or has not started yet."),
        _ => Problem(StatusCodes.Status409Conflict, "time-taken",
            "That time was just taken", "That time is not available any more. Please pick another."),
    };

    /// <summary>The <c>code</c> lets the Web react to a case (back to the slot picker on "time-taken") without parsing words.</summary>
    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <param name="LateByClient">The therapist cancels for a client who asked inside the cancellation window.</param>
/// <param name="Refund">With <paramref name="LateByClient"/>: refund the payment anyway (in-time cancellations always are).</param>
public sealed record CancelRequest(bool LateByClient, bool Refund = false);

public sealed record RescheduleRequest(DateTimeOffset? Start);

public sealed record BookingResponse(
    Guid Id,
    string SessionType,
    string SessionTypeName,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string TimeZone,
    DateTimeOffset? HoldExpiresAt,
    string? ClientName = null,
    DateTimeOffset? ClientMayChangeUntil = null,
    string? CheckoutUrl = null,
    string? ClientNote = null,
    Guid? ClientId = null,
    string? MeetLink = null)
{
    /// <summary>What a guest's booking answers, known address or not: what they typed, status <see cref="HeldStatus"/>.</summary>
    public const string HeldStatus = "Held";

    public static BookingResponse ForGuest(BookingOutcome.HeldForGuest held)
    {
        var zone = DateTimeZoneProviders.Tzdb[held.TimeZone];
        return new BookingResponse(
            held.Id, held.Type.Slug, held.Type.Name, In(zone, held.Start), In(zone, held.End), HeldStatus, zone.Id, HoldExpiresAt: null, held.Name);
    }

    /// <summary>Times in the client's own zone, so "10:00+01:00" reads as they will see it.</summary>
    public static BookingResponse From(Booking booking)
    {
        var zone = DateTimeZoneProviders.Tzdb[booking.Client.TimeZone];
        return new BookingResponse(
            booking.Id,
            booking.SessionType.Slug,
            booking.SessionType.Name,
            In(zone, booking.StartsAt),
            In(zone, booking.EndsAt),
            booking.Status.ToString(),
            zone.Id,
            booking.HoldExpiresAt,
            booking.Client.Name,
            ClientNote: booking.ClientNote,
            ClientId: booking.ClientId);
    }

    private static DateTimeOffset In(DateTimeZone zone, DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset();
}
