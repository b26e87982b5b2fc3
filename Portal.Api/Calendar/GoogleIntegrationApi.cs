using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Api.Identity;
using Portal.Core.Calendar;
using Portal.Core.Data;

namespace Portal.Api.Calendar;

/// <summary>Her Google Calendar: connect (OAuth with PKCE), choose calendars, sync now, disconnect. Never answers a token.</summary>
public static class GoogleIntegrationApi
{
    public static IEndpointRouteBuilder MapGoogleIntegrationApi(this IEndpointRouteBuilder app)
    {
        var google = app.MapGroup("api/integrations/google").WithTags("Calendar").RequireAuthorization(Policies.Therapist);
        google.MapGet("/", GetGoogleStatus).WithName("GetGoogleCalendarStatus")
            .WithSummary("Whether Google Calendar is set up and connected, her calendar choices and how the last sync went.");
        google.MapPost("/connect", BeginGoogleConnect).WithName("BeginGoogleCalendarConnect")
            .WithSummary("Starts connecting: the Google consent address to send her browser to (state bound to this session, PKCE).");
        google.MapGet("/callback", FinishGoogleConnect).WithName("FinishGoogleCalendarConnect")
            .WithSummary("Where Google's answer (code and state, or error) is handed in, by the session that started the connect.");
        google.MapPut("/calendars", ChooseGoogleCalendars).WithName("ChooseGoogleCalendars")
            .WithSummary("Which calendars count as busy and which receives bookings (\"primary\" is her main calendar).");
        google.MapPost("/sync", SyncGoogleCalendar).WithName("SyncGoogleCalendar")
            .WithSummary("Reads her busy calendars now, as the Worker does every Calendar:SyncInterval.");
        google.MapDelete("/", DisconnectGoogleCalendar).WithName("DisconnectGoogleCalendar")
            .WithSummary("Revokes the portal's access at Google, deletes the tokens and the busy times pulled from Google.");
        return app;
    }

    public static async Task<Ok<GoogleStatusResponse>> GetGoogleStatus(
        PortalDb db, IOptionsMonitor<GoogleSettings> google, IOptionsMonitor<CalendarOptions> calendar, CancellationToken cancellationToken) =>
        TypedResults.Ok(await GoogleStatusResponse.ReadAsync(db, google.CurrentValue, calendar.CurrentValue, cancellationToken));

    public static async Task<Results<Ok<GoogleConsentResponse>, ProblemHttpResult>> BeginGoogleConnect(
        ClaimsPrincipal user, GoogleConnect connect, CancellationToken cancellationToken) =>
        connect.IsConfigured
            ? TypedResults.Ok(new GoogleConsentResponse(await connect.BeginAsync(user.SessionId(), cancellationToken)))
            : NotConfigured();

    public static async Task<Results<Ok<GoogleStatusResponse>, ProblemHttpResult>> FinishGoogleConnect(
        string? code, string? state, string? error, ClaimsPrincipal user, GoogleConnect connect, PortalDb db,
        IOptionsMonitor<GoogleSettings> google, IOptionsMonitor<CalendarOptions> calendar, CancellationToken cancellationToken)
    {
        if (!connect.IsConfigured)
        {
            return NotConfigured();
        }

        var outcome = await connect.FinishAsync(user.SessionId(), code, state, error, cancellationToken);
        return outcome.Connection is null
            ? TypedResults.Problem(statusCode: outcome.Code == "google-unavailable" ? StatusCodes.Status502BadGateway : StatusCodes.Status400BadRequest,
                title: "Google Calendar was not connected", detail: outcome.Problem,
                extensions: new Dictionary<string, object?> { ["code"] = outcome.Code })
            : TypedResults.Ok(await GoogleStatusResponse.ReadAsync(db, google.CurrentValue, calendar.CurrentValue, cancellationToken));
    }

    public static async Task<Results<Ok<GoogleStatusResponse>, ValidationProblem, ProblemHttpResult>> ChooseGoogleCalendars(
        ChooseCalendarsRequest request, GoogleConnect connect, PortalDb db, IOptionsMonitor<GoogleSettings> google,
        IOptionsMonitor<CalendarOptions> calendar, CancellationToken cancellationToken)
    {
        var errors = await connect.ChooseAsync(request.BusyCalendarIds, request.DestinationCalendarId, cancellationToken);
        if (errors is null)
        {
            return NotConnected();
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Check the calendars");
        }

        return TypedResults.Ok(await GoogleStatusResponse.ReadAsync(db, google.CurrentValue, calendar.CurrentValue, cancellationToken));
    }

    public static async Task<Results<Ok<GoogleStatusResponse>, ProblemHttpResult>> SyncGoogleCalendar(
        CalendarPull pull, PortalDb db, IOptionsMonitor<GoogleSettings> google, IOptionsMonitor<CalendarOptions> calendar,
        CancellationToken cancellationToken)
    {
        var outcome = await pull.SyncAsync(cancellationToken);
        return outcome.Kind switch
        {
            "synced" => TypedResults.Ok(await GoogleStatusResponse.ReadAsync(db, google.CurrentValue, calendar.CurrentValue, cancellationToken)),
            "busy" => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A sync is running",
                detail: "Your calendars are being read right now; look again in a moment.", extensions: Code("sync-running")),
            "broken" => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Reconnect Google Calendar",
                detail: GoogleAccess.BrokenSentence, extensions: Code("connection-broken")),
            "failed" => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Google Calendar was not read",
                detail: outcome.Error, extensions: Code("google-error")),
            _ => NotConnected(),
        };
    }

    public static async Task<NoContent> DisconnectGoogleCalendar(GoogleConnect connect, CancellationToken cancellationToken)
    {
        await connect.DisconnectAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotConfigured() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Google Calendar is not set up",
            detail: GoogleSettings.HowToConfigure, extensions: Code("not-configured"));

    private static ProblemHttpResult NotConnected() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Google Calendar is not connected",
            detail: "Connect Google Calendar first (Connect Google Calendar on the integrations page).", extensions: Code("not-connected"));

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };
}

/// <param name="BusyCalendarIds">Calendars whose events close times for bookings; "primary" is her main calendar.</param>
/// <param name="DestinationCalendarId">The calendar bookings are written into; one she can write to.</param>
public sealed record ChooseCalendarsRequest(string[]? BusyCalendarIds, string? DestinationCalendarId);

/// <summary>Where to send her browser: Google's consent page for this portal.</summary>
public sealed record GoogleConsentResponse(Uri AuthorizeUrl);

public sealed record GoogleCalendarResponse(string Id, string Summary, bool Primary, bool Writable);

/// <param name="Configured">Google:ClientId and Google:ClientSecret are set; when not, <paramref name="HowToConfigure"/> says how.</param>
/// <param name="Broken">Google refused the portal's access: she must reconnect; pushes wait until then.</param>
/// <param name="NextSyncAt">When the Worker reads her busy calendars next (about).</param>
public sealed record GoogleStatusResponse(
    bool Configured,
    string? HowToConfigure,
    bool Connected,
    bool Broken,
    string? Account,
    DateTimeOffset? ConnectedAt,
    GoogleCalendarResponse[] Calendars,
    string[] BusyCalendarIds,
    string? DestinationCalendarId,
    DateTimeOffset? LastSyncAt,
    int LastSyncAdded,
    int LastSyncChanged,
    int LastSyncRemoved,
    DateTimeOffset? NextSyncAt,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    public static async Task<GoogleStatusResponse> ReadAsync(
        PortalDb db, GoogleSettings google, CalendarOptions calendar, CancellationToken cancellationToken)
    {
        var c = await db.GoogleConnections.AsNoTracking().CurrentAsync(cancellationToken);
        return c is null
            ? new GoogleStatusResponse(google.IsConfigured, google.IsConfigured ? null : GoogleSettings.HowToConfigure, false, false, null, null,
                [], [], null, null, 0, 0, 0, null, null, null)
            : new GoogleStatusResponse(google.IsConfigured, google.IsConfigured ? null : GoogleSettings.HowToConfigure, true, c.IsBroken, c.Account,
                c.ConnectedAt, [.. c.Calendars.Select(k => new GoogleCalendarResponse(k.Id, k.Summary, k.Primary, k.Writable))],
                [.. c.BusyCalendarIds], c.DestinationCalendarId, c.LastSyncAt, c.LastSyncAdded, c.LastSyncChanged, c.LastSyncRemoved,
                c.IsBroken ? null : (c.LastSyncAttemptAt ?? c.ConnectedAt) + calendar.SyncInterval, c.LastError, c.LastErrorAt);
    }
}
