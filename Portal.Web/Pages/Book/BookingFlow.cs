using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Portal.Web.Api;

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
        tempData[TypedDetailsKey] = JsonSerializer.Serialize(input with { Consent = false });

    public static DetailsInput? TakeTypedDetails(this ITempDataDictionary tempData) =>
        tempData[TypedDetailsKey] is string json ? JsonSerializer.Deserialize<DetailsInput>(json) : null;

    public static void KeepBooked<T>(this ITempDataDictionary tempData, T booked) => tempData[BookedKey] = JsonSerializer.Serialize(booked);

    public static T? TakeBooked<T>(this ITempDataDictionary tempData) =>
        tempData[BookedKey] is string json ? JsonSerializer.Deserialize<T>(json) : default;

    /// <summary>A signed-in client past their discovery call, for whom paid sessions are open (no call without a session).</summary>
    public static async Task<bool> MayBookPaidAsync(this PortalApiClient api, HttpContext http, CancellationToken cancellationToken) =>
        Identity.SessionCookie.Read(http) is { Length: > 0 } && (await api.MeAsync(cancellationToken))?.DiscoveryCompleted == true;
}

public sealed record DetailsInput
{
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Note { get; init; }
    public bool Consent { get; init; }
}
