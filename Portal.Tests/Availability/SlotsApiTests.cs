using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Availability;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Availability;

public sealed class SlotsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_free_starts_per_local_day_with_the_visitors_offset()
    {
        var slots = await api.CreateClient().GetFromJsonAsync<SlotsResponse>(
            "/api/slots?sessionType=discovery-call&from=2026-03-03&to=2026-03-04&tz=America/New_York", ct);

        Assert.Equal("America/New_York", slots!.TimeZone);
        var tuesday = Assert.Single(slots.Days, d => d.Date == "2026-03-03");
        // London 09:00 GMT is 04:00 in New York (EST, -05:00); the seeded Tuesday evening hours are there too.
        Assert.Equal("2026-03-03T04:00:00-05:00", tuesday.Starts[0]);
        Assert.Contains("2026-03-03T13:00:00-05:00", tuesday.Starts); // London 18:00
        Assert.All(slots.Days.SelectMany(d => d.Starts), s => Assert.EndsWith("-05:00", s));
    }

    [Fact]
    public async Task A_booked_time_disappears_from_the_slots()
    {
        var http = api.CreateClient();
        const string url = "/api/slots?sessionType=discovery-call&from=2026-03-05&to=2026-03-05&tz=Europe/London";
        var thursdayEleven = new DateTimeOffset(2026, 3, 5, 11, 0, 0, TimeSpan.Zero);
        Assert.Contains("2026-03-05T11:00:00+00:00", (await http.GetFromJsonAsync<SlotsResponse>(url, ct))!.Days.Single().Starts);

        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", thursdayEleven, "slot@example.com"))).StatusCode);

        var after = (await http.GetFromJsonAsync<SlotsResponse>(url, ct))!.Days.Single().Starts;
        Assert.DoesNotContain("2026-03-05T11:00:00+00:00", after);
        Assert.Contains("2026-03-05T10:30:00+00:00", after);  // 10:30–10:50 and its buffer end as 11:00 begins
        Assert.Contains("2026-03-05T11:30:00+00:00", after);  // after the booking's 10-minute buffer
    }

    [Theory]
    [InlineData("sessionType=discovery-call&from=2026-03-03&to=2026-03-02&tz=Europe/London", "to")]
    [InlineData("sessionType=discovery-call&from=2026-03-01&to=2026-06-01&tz=Europe/London", "to")]
    [InlineData("sessionType=discovery-call&from=03/03/2026&to=2026-03-04&tz=Europe/London", "from")]
    [InlineData("sessionType=discovery-call&from=2026-03-03&to=2026-03-04&tz=London", "tz")]
    public async Task A_malformed_search_gets_a_validation_problem_naming_the_field(string query, string field)
    {
        var response = await api.CreateClient().GetAsync($"/api/slots?{query}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_unknown_session_type_is_a_404_problem()
    {
        var response = await api.CreateClient().GetAsync("/api/slots?sessionType=nope&from=2026-03-03&to=2026-03-04&tz=Europe/London", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
