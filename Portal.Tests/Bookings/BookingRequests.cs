using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Portal.Tests.Bookings;

/// <summary>Shapes and checks shared by the booking tests.</summary>
internal static class BookingRequests
{
    /// <summary>Tuesday 3 March 2026 in London (GMT): inside the seeded weekday hours 09:00–17:00.</summary>
    public static DateTimeOffset Tuesday(int hour, int minute = 0) => new(2026, 3, 3, hour, minute, 0, TimeSpan.Zero);

    public static object Guest(string sessionType, DateTimeOffset start, string email, string? phone = null) => new
    {
        sessionType,
        start,
        name = "Sam Example",
        email,
        phone = phone ?? "07911 123456",
        timeZone = "Europe/London",
        note = "First time trying therapy.",
    };

    public static Task<HttpResponseMessage> PostBookingAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/bookings", body, TestContext.Current.CancellationToken);

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
