using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Api.Bookings;

public static class SessionTypesApi
{
    public static IEndpointRouteBuilder MapSessionTypesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/session-types").WithTags("Session types");

        api.MapGet("/", ListActiveSessionTypes)
            .AllowAnonymous()
            .WithName("ListSessionTypes")
            .WithSummary("The session types a visitor can see on the booking page, in display order.");
        api.MapGet("/all", ListAllSessionTypes)
            .RequireAuthorization(Policies.Therapist)
            .WithName("ListAllSessionTypes")
            .WithSummary("Every session type, active or not, with what she can change and how many sessions of it are booked ahead.");
        api.MapPost("/", CreateSessionType)
            .RequireAuthorization(Policies.Therapist)
            .WithName("CreateSessionType")
            .WithSummary("Adds a session type.");
        api.MapPut("/{slug}", UpdateSessionType)
            .RequireAuthorization(Policies.Therapist)
            .WithName("UpdateSessionType")
            .WithSummary("Changes a session type; deactivate rather than delete, so past bookings keep their type.");

        return app;
    }

    public static async Task<Results<Created<SessionTypeResponse>, ValidationProblem, Conflict<ProblemDetails>>> CreateSessionType(
        SessionTypeRequest request, PortalDb db, CancellationToken cancellationToken)
    {
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.SessionTypes.AnyAsync(t => t.Slug == request.Slug, cancellationToken))
        {
            return TypedResults.Conflict(new ProblemDetails { Title = "That slug is taken", Detail = $"A session type '{request.Slug}' exists already.", Status = 409 });
        }

        var type = new SessionType { Slug = request.Slug, Name = request.Name, Description = "", Duration = TimeSpan.FromMinutes(1), Currency = request.Currency };
        request.ApplyTo(type);
        db.SessionTypes.Add(type);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/session-types/{type.Slug}", SessionTypeResponse.From(type));
    }

    public static async Task<Results<Ok<SessionTypeResponse>, ValidationProblem, NotFound>> UpdateSessionType(
        string slug, SessionTypeRequest request, PortalDb db, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (request.Slug != slug)
        {
            errors["slug"] = ["A session type keeps its slug: links and bookings point at it. Create a new type instead."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var type = await db.SessionTypes.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (type is null)
        {
            return TypedResults.NotFound();
        }

        request.ApplyTo(type);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SessionTypeResponse.From(type));
    }

    public static async Task<Ok<SessionTypeDetails[]>> ListAllSessionTypes(PortalDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var types = await db.SessionTypes.AsNoTracking().OrderBy(t => t.DisplayOrder).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        var upcoming = await db.Bookings
            .Where(b => Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now)
            .GroupBy(b => b.SessionTypeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return TypedResults.Ok(types.Select(t => SessionTypeDetails.From(t, upcoming.GetValueOrDefault(t.Id))).ToArray());
    }

    public static async Task<Ok<SessionTypeResponse[]>> ListActiveSessionTypes(
        PortalDb db, Availability.SharedAvailability availability, Availability.CalendarVersionWatch watch, Core.Payments.StripeCheckout checkout,
        CancellationToken cancellationToken)
    {
        // Shared with the slot searches, read again when the calendar version moves (a session type's change moves it).
        var types = await availability.ActiveSessionTypesAsync(await availability.VersionAsync(watch, db, cancellationToken), cancellationToken);

        return TypedResults.Ok(types.Select(t => SessionTypeResponse.From(t) with { BookableOnline = t.IsFree || checkout.IsConfigured }).ToArray());
    }
}

public sealed record SessionTypeDetails(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    SessionMode Mode,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    bool IsDiscoveryCall,
    bool RequiresCompletedDiscovery,
    bool IsActive,
    int DisplayOrder,
    int UpcomingSessions)
{
    public static SessionTypeDetails From(SessionType type, int upcomingSessions) => new(
        type.Slug, type.Name, type.Description, (int)type.Duration.TotalMinutes, type.PriceMinorUnits, type.Currency, type.Mode,
        (int)type.BufferBefore.TotalMinutes, (int)type.BufferAfter.TotalMinutes, type.IsDiscoveryCall, type.RequiresCompletedDiscovery,
        type.IsActive, type.DisplayOrder, upcomingSessions);
}

public sealed record SessionTypeRequest(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    SessionMode Mode,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    bool RequiresCompletedDiscovery,
    bool IsActive,
    int DisplayOrder)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!System.Text.RegularExpressions.Regex.IsMatch(Slug ?? "", "^[a-z0-9]+(-[a-z0-9]+)*$") || Slug!.Length > 80)
        {
            errors["slug"] = ["Use lower-case letters, digits and single hyphens, e.g. couples-session."];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 120)
        {
            errors["name"] = ["Give the session a name of up to 120 characters."];
        }

        if (Description?.Length > 2000)
        {
            errors["description"] = ["Keep the description under 2,000 characters."];
        }

        if (DurationMinutes is < 5 or > 480)
        {
            errors["durationMinutes"] = ["A session lasts between 5 minutes and 8 hours."];
        }

        if (PriceMinorUnits < 0)
        {
            errors["priceMinorUnits"] = ["A price cannot be negative."];
        }

        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["Use a three-letter currency code such as GBP."];
        }

        if (BufferBeforeMinutes is < 0 or > 240 || BufferAfterMinutes is < 0 or > 240)
        {
            errors["bufferAfterMinutes"] = ["Buffers are between 0 and 240 minutes."];
        }

        return errors;
    }

    public void ApplyTo(SessionType type)
    {
        type.Slug = Slug;
        type.Name = Name.Trim();
        type.Description = Description?.Trim() ?? "";
        type.Duration = TimeSpan.FromMinutes(DurationMinutes);
        type.PriceMinorUnits = PriceMinorUnits;
        type.Currency = Currency;
        type.Mode = Mode;
        type.BufferBefore = TimeSpan.FromMinutes(BufferBeforeMinutes);
        type.BufferAfter = TimeSpan.FromMinutes(BufferAfterMinutes);
        // A paid type always waits for the discovery call; the therapist may gate free ones too.
        type.RequiresCompletedDiscovery = RequiresCompletedDiscovery || PriceMinorUnits > 0;
        type.IsActive = IsActive;
        type.DisplayOrder = DisplayOrder;
    }
}

public sealed record SessionTypeResponse(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    string Mode,
    bool IsDiscoveryCall,
    bool RequiresCompletedDiscovery,
    bool BookableOnline = true)
{
    /// <summary><see cref="BookableOnline"/> is false for paid types while online payment is not set up.</summary>
    public static SessionTypeResponse From(SessionType type) => new(
        type.Slug,
        type.Name,
        type.Description,
        (int)type.Duration.TotalMinutes,
        type.PriceMinorUnits,
        type.Currency,
        type.Mode.ToString(),
        type.IsDiscoveryCall,
        type.RequiresCompletedDiscovery);
}
