using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Calendar;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Intake;

namespace Portal.Api.Identity;

/// <summary>Who the caller is, and (for the therapist) the sign-in audit.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/me", WhoAmI).RequireAuthorization().WithTags("Sign-in")
            .WithName("WhoAmI")
            .WithSummary("The signed-in person: role, and for a client their name, time zone and stage.");
        app.MapGet("api/me/bookings", MyBookings).RequireAuthorization(Policies.Client).WithTags("Sign-in")
            .WithName("MyBookings")
            .WithSummary("The signed-in client's own bookings, in time order, in their time zone.");
        app.MapPut("api/me/time-zone", ChangeTimeZone).RequireAuthorization(Policies.Client).WithTags("Sign-in")
            .WithName("ChangeMyTimeZone")
            .WithSummary("The zone a client sees times (and receives emails) in.");
        app.MapGet("api/audit/sign-ins", SignInAudit).RequireAuthorization(Policies.Therapist).WithTags("Sign-in")
            .WithName("SignInAudit")
            .WithSummary("Sign-in events, newest first: links asked for and spent, refusals, sign-outs, with time and IP.");
        return app;
    }

    public static async Task<Ok<MeResponse>> WhoAmI(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken)
    {
        var account = await db.UserAccounts.AsNoTracking().SingleAsync(u => u.Id == user.UserId(), cancellationToken);
        var client = account.ClientId is { } clientId
            ? await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken)
            : null;
        var intakeNeeded = client is not null && await db.IntakeNeededAsync(client, cancellationToken);
        return TypedResults.Ok(new MeResponse(
            account.Id, account.Role.ToString(), client?.Email ?? account.EmailKey, client?.Name, client?.Id, client?.TimeZone,
            client?.Stage.ToString(), client?.DiscoveryCompletedAt is not null, intakeNeeded));
    }

    public static async Task<Ok<BookingResponse[]>> MyBookings(ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken)
    {
        var caller = user.AsCaller();
        var window = (await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)).CancellationWindow;
        var bookings = await db.ForCaller(caller).ToListAsync(cancellationToken);
        // A held booking carries its way back to the payment page.
        var checkoutUrls = await db.OpenCheckoutsForCallerAsync(caller, cancellationToken);
        var meetLinks = await db.MeetLinksAsync([.. bookings.Select(b => b.Id)], cancellationToken);
        return TypedResults.Ok(bookings.Select(b => BookingResponse.From(b) with
        {
            MeetLink = b.Status == BookingStatus.Confirmed ? meetLinks.GetValueOrDefault(b.Id) : null,
            ClientMayChangeUntil = b.StartsAt - window,
            CheckoutUrl = b.Status == BookingStatus.PendingPayment ? checkoutUrls.GetValueOrDefault(b.Id) : null,
        }).ToArray());
    }

    public static async Task<Results<NoContent, ValidationProblem>> ChangeTimeZone(
        TimeZoneRequest request, ClaimsPrincipal user, PortalDb db, CancellationToken cancellationToken)
    {
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(request.TimeZone ?? "") is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["timeZone"] = ["Choose a time zone such as Europe/London."] });
        }

        var clientId = user.AsCaller().ClientId;
        var client = await db.Clients.SingleAsync(c => c.Id == clientId, cancellationToken);
        client.ChangeTimeZone(request.TimeZone!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SignInEventResponse[]>> SignInAudit(PortalDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.SignInEvents.AsNoTracking()
            .OrderByDescending(e => e.At).Take(200)
            .Select(e => new SignInEventResponse(e.At, e.Kind.ToString(), e.EmailKey, e.IpAddress, e.Detail))
            .ToArrayAsync(cancellationToken));
}

public sealed record MeResponse(
    Guid UserId, string Role, string Email, string? Name, Guid? ClientId, string? TimeZone, string? Stage, bool DiscoveryCompleted,
    bool IntakeNeeded = false);

public sealed record TimeZoneRequest(string? TimeZone);

public sealed record SignInEventResponse(DateTimeOffset At, string Kind, string? Email, string? IpAddress, string? Detail);
