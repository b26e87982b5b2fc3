using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Bookings;

/// <summary>Shapes and checks shared by the booking tests.</summary>
internal static class BookingRequests
{
    /// <summary>Tuesday 3 March 2026 in London (GMT): inside the seeded weekday hours 09:00–17:00.</summary>
    public static DateTimeOffset Tuesday(int hour, int minute = 0) => new(2026, 3, 3, hour, minute, 0, TimeSpan.Zero);

    public static object Guest(
        string sessionType, DateTimeOffset start, string email, string? phone = null, string name = "Sam Example",
        string timeZone = "Europe/London", bool privacyConsent = true) => new
    {
        sessionType,
        start,
        name,
        email,
        phone = phone ?? "07911 123456",
        timeZone,
        note = "First time trying therapy.",
        privacyConsent,
    };

    public static Task<HttpResponseMessage> PostBookingAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/bookings", body, TestContext.Current.CancellationToken);

    /// <summary>Confirms a held guest booking with its emailed link, as the confirm page does.</summary>
    public static Task<HttpResponseMessage> ConfirmHeldAsync(this HttpClient client, string token) =>
        client.PostAsJsonAsync("/api/bookings/held/confirm", new { token }, TestContext.Current.CancellationToken);

    /// <summary>The newest "please confirm" email to <paramref name="email"/>, its token decrypted as the Worker does.</summary>
    public static async Task<(BookingToConfirmEmail Email, string Token)> LatestConfirmationAsync(this ApiFactory api, string email)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email && m.DeduplicationKey.StartsWith("pending-booking:"))
            .OrderByDescending(m => m.Id).Select(m => m.Payload).ToListAsync(TestContext.Current.CancellationToken);
        var sent = payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<BookingToConfirmEmail>()
            .First(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase));
        return (sent, api.Services.GetRequiredService<LinkProtector>().Unprotect(sent.ProtectedToken));
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Pairs of time-holding bookings whose buffered times overlap: must always be zero.</summary>
    public static async Task<long> CountOverlapsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id
            WHERE a.status IN ('PendingPayment', 'Confirmed') AND b.status IN ('PendingPayment', 'Confirmed')
              AND tstzrange(a.occupied_from, a.occupied_until, '[)') && tstzrange(b.occupied_from, b.occupied_until, '[)')
            """, connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
