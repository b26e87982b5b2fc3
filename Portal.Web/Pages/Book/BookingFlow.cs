using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

/// <summary>What the booking pages hand each other across a redirect (kept in TempData, not in the URL).</summary>
public static class BookingFlow
{
    private const string MessageKey = "booking.message";
    private const string TypedDetailsKey = "booking.typed";
    private const string BookedKey = "booking.booked";

    public const string TimePassedMessage = "That time has already passed. Please choose one of the free times below.";

    public static void KeepMessage(this ITempDataDictionary tempData, string message) => tempData[MessageKey] = message;

    public static string? TakeMessage(this ITempDataDictionary tempData) => tempData[MessageKey] as string;

    /// <summary>What the visitor typed, so a lost time costs them only a new click, not the whole form.</summary>
    public static void KeepTypedDetails(this ITempDataDictionary tempData, DetailsInput input) =>
        tempData[TypedDetailsKey] = JsonSerializer.Serialize(input with { Consent = false, Newsletter = false });

    public static DetailsInput? TakeTypedDetails(this ITempDataDictionary tempData) =>
        tempData[TypedDetailsKey] is string json ? JsonSerializer.Deserialize<DetailsInput>(json) : null;

    public static void KeepBooked<T>(this ITempDataDictionary tempData, T booked) => tempData[BookedKey] = JsonSerializer.Serialize(booked);

    public static T? TakeBooked<T>(this ITempDataDictionary tempData) =>
        tempData[BookedKey] is string json ? JsonSerializer.Deserialize<T>(json) : default;

    /// <summary>
    /// Opens a booking step (the guest details form takes free types, the payment step paid ones): the session type,
    /// or where to send the visitor instead. Not found for an unknown type; back to the free times when no time was
    /// chosen, the type is of the other kind, or the time has passed (an old link, or a page left open), which is said.
    /// </summary>
    public static async Task<BookingStep> OpenStepAsync(
        this PageModel page, PortalApiClient api, TimeProvider clock, string type, DateTimeOffset? start, string? tz, bool freeTypes,
        CancellationToken cancellationToken)
    {
        var sessionType = await api.GetSessionTypeAsync(type, cancellationToken);
        if (sessionType is null)
        {
            return new BookingStep(null, page.NotFound(), TimePassed: false);
        }

        var backToTimes = page.RedirectToPage("/Book/Slots", new { type, tz });
        if (start is null || sessionType.IsFree != freeTypes)
        {
            return new BookingStep(sessionType, backToTimes, TimePassed: false);
        }

        if (start <= clock.GetUtcNow())
        {
            page.TempData.KeepMessage(TimePassedMessage);
            return new BookingStep(sessionType, backToTimes, TimePassed: true);
        }

        // Opening the form for a time that is not offered (taken since, a closed day, an odd minute) would have them
        // type everything before being refused: back to that week's free times, with a word, instead.
        if (HttpMethods.IsGet(page.Request.Method) && !await IsOfferedAsync(api, type, start.Value, tz, cancellationToken))
        {
            page.TempData.KeepMessage(NotOfferedMessage);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(VisitorTime.IsKnownZone(tz) ? tz! : "UTC");
            var week = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start.Value, zone).DateTime);
            return new BookingStep(sessionType, page.RedirectToPage("/Book/Slots", new { type, tz, week = week.ToString("yyyy-MM-dd") }), TimePassed: false);
        }

        return new BookingStep(sessionType, null, TimePassed: false);
    }

    public const string NotOfferedMessage = "That time is not free: it may have just been taken, or it is not one of the times offered. Please choose one of the free times below.";

    /// <summary>
    /// The time is among those offered on its day (in the visitor's zone, or UTC when none is given). When the question
    /// cannot be asked (a date the Api refuses, the slot search limit reached) the form opens: the booking has the last word.
    /// </summary>
    private static async Task<bool> IsOfferedAsync(PortalApiClient api, string type, DateTimeOffset start, string? tz, CancellationToken cancellationToken)
    {
        var zoneId = VisitorTime.IsKnownZone(tz) ? tz! : null;
        var zone = zoneId is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
        if (day <= DateOnly.MinValue.AddDays(1) || day >= DateOnly.MaxValue.AddDays(-1))
        {
            return true;
        }

        try
        {
            // A day either side: without a zone, the practice's day may begin or end on a neighbouring UTC date.
            var slots = await api.GetSlotsAsync(type, day.AddDays(-1), day.AddDays(1), zoneId ?? "UTC", cancellationToken);
            return slots is null || slots.Days.Any(d => d.Starts.Contains(start));
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    /// <summary>Whether paid sessions are open to the visitor: a signed-in client past their discovery call and intake form (no call without a session).</summary>
    public static async Task<PaidSessions> PaidSessionsAsync(this PortalApiClient api, HttpContext http, CancellationToken cancellationToken) =>
        Identity.SessionCookie.Read(http) is { Length: > 0 } && await api.MeAsync(cancellationToken) is { DiscoveryCompleted: true } me
            ? me.IntakeNeeded ? PaidSessions.AfterIntake : PaidSessions.Open
            : PaidSessions.AfterDiscovery;
}

public enum PaidSessions
{
    Open,
    AfterDiscovery,
    /// <summary>The discovery call is done; the intake form is not in yet.</summary>
    AfterIntake,
}

public sealed record DetailsInput
{
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Note { get; init; }
    public bool Consent { get; init; }

    /// <summary>The unticked box "send me the newsletter": ticked, the address is asked by email to confirm.</summary>
    public bool Newsletter { get; init; }
}

/// <summary>A booking step's session type, or (<see cref="Instead"/>) the answer to give in its place.</summary>
public sealed record BookingStep(SessionTypeView? SessionType, IActionResult? Instead, bool TimePassed);
