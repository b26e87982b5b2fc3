using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Tests.Content;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Browser;

/// <summary>The library tests' people and things: a client with a past session, words no log line holds, items shared through the Api.</summary>
public static class ContentPeople
{
    public static string UniqueWord(string start) =>
        start + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToLowerInvariant();

    /// <summary>A client past their discovery call, with one session that took place on a late evening long ago (no one else's time).</summary>
    public static async Task<(Client Client, Booking Session)> ClientWithSessionAsync(PortalStack stack, string name, CancellationToken ct)
    {
        var client = await StackPeople.ClientAsync(stack, name, pastDiscovery: true);
        await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
        var type = await db.SessionTypes.SingleAsync(t => t.Slug == "discovery-call", ct);
        var day = DateTimeOffset.UtcNow.Date.AddDays(-Random.Shared.Next(20, 2000));
        var start = new DateTimeOffset(day.AddHours(20).AddMinutes(5 * Random.Shared.Next(0, 24)), TimeSpan.Zero);
        db.Attach(client);
        var booking = Booking.Confirmed(client, type, start, null, start.AddDays(-3));
        db.Bookings.Add(booking);
        await db.SaveChangesAsync(ct);
        return (client, booking);
    }

    /// <summary>An item she uploads and shares with the client through the Api.</summary>
    public static async Task<Guid> SharedAsync(PortalStack stack, Guid clientId, string kind, string fileName, byte[] bytes, string title, CancellationToken ct)
    {
        using var therapist = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        var id = await ContentSamples.UploadAsync(therapist, kind, fileName, bytes, title);
        using var shared = await therapist.PostAsJsonAsync($"/api/content/{id}/shares", new { clientId }, ct);
        shared.EnsureSuccessStatusCode();
        return id;
    }
}
