using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Portal.Api.Availability;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Availability;

/// <summary>
/// Slot searches share one read of the calendar until it changes, and see any change on the next search, wherever it
/// was written: by this Api, another replica, the calendar sync or a person in psql.
/// </summary>
public sealed class SharedAvailabilityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string FridayUrl = "/api/slots?sessionType=discovery-call&from=2026-03-06&to=2026-03-06&tz=Europe/London";
    private const string FridayTen = "2026-03-06T10:00:00+00:00";
    private const string FridayTwo = "2026-03-06T14:00:00+00:00";

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_block_written_straight_to_the_database_shows_in_the_next_search()
    {
        var http = api.CreateClient();
        Assert.Contains(FridayTen, await FridayStartsAsync(http));

        await ExecuteAsync("INSERT INTO blocked_periods (id, start, \"end\", source) VALUES (gen_random_uuid(), '2026-03-06T09:55Z', '2026-03-06T10:30Z', 'psql')");

        Assert.DoesNotContain(FridayTen, await FridayStartsAsync(http));
    }

    [Fact]
    public async Task Searches_share_one_read_until_the_calendar_version_moves()
    {
        var http = api.CreateClient();
        Assert.Contains(FridayTwo, await FridayStartsAsync(http));

        // A block that slips past the version trigger (replication role skips triggers): the shared read does not see it.
        await ExecuteAsync("""
            SET session_replication_role = replica;
            INSERT INTO blocked_periods (id, start, "end", source) VALUES (gen_random_uuid(), '2026-03-06T13:55Z', '2026-03-06T14:30Z', 'unseen');
            """);
        Assert.Contains(FridayTwo, await FridayStartsAsync(http));

        await ExecuteAsync("UPDATE calendar_version SET version = version + 1");
        Assert.DoesNotContain(FridayTwo, await FridayStartsAsync(http));
    }

    [Fact]
    public async Task A_booking_and_its_cancellation_show_in_the_next_search()
    {
        var http = api.CreateClient();
        const string url = "/api/slots?sessionType=discovery-call&from=2026-03-10&to=2026-03-10&tz=Europe/London";
        const string tuesdayEleven = "2026-03-10T11:00:00+00:00";
        Assert.Contains(tuesdayEleven, await StartsAsync(http, url));

        var booked = await http.PostBookingAsync(Guest("discovery-call", DateTimeOffset.Parse(tuesdayEleven), "shared@example.com"));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.DoesNotContain(tuesdayEleven, await StartsAsync(http, url));

        await ExecuteAsync("UPDATE bookings SET status = 'Cancelled' WHERE starts_at = '2026-03-10T11:00Z'");
        Assert.Contains(tuesdayEleven, await StartsAsync(http, url));
    }

    private async Task<string[]> FridayStartsAsync(HttpClient http) => await StartsAsync(http, FridayUrl);

    private async Task<string[]> StartsAsync(HttpClient http, string url) =>
        [.. (await http.GetFromJsonAsync<SlotsResponse>(url, ct))!.Days.SelectMany(d => d.Starts)];

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.DatabaseConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
