using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Tests.Bookings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>
/// Input that cannot be bound, or that runs into another request, is the caller's to fix or retry: a 4xx
/// ProblemDetails that says what, never a 500. (The fuzz test covers every operation; these name the cases.)
/// </summary>
public sealed class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/bookings", "{\"sessionType\": \"discovery-call\", ", "not JSON")]
    [InlineData("/api/bookings", "{\"sessionType\": 12, \"start\": true}", "$.sessionType")]
    [InlineData("/api/bookings", "{\"sessionType\": \"discovery-call\", \"start\": \"0001-01-01T00:00:00+01:00\"}", "$.start")]
    [InlineData("/api/bookings", "{\"sessionType\": \"discovery-call\", \"start\": \"9999-12-31T23:59:59Z\"}", "2199-12-31")]
    [InlineData("/api/auth/magic-link", "[1, 2", "not JSON")]
    [InlineData("/api/auth/sessions", "\"just a string\"", "not JSON")]
    public async Task An_unreadable_body_is_a_400_that_says_where(string path, string body, string expected)
    {
        var response = await api.CreateClient().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), ct);

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.True(detail.Contains(expected, StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task A_missing_body_is_a_400()
    {
        var response = await api.CreateClient().PostAsync("/api/bookings", new StringContent("", Encoding.UTF8, "application/json"), ct);

        await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("[{\"day\": \"Monday\", \"start\": \"09:00\", \"end\": \"12:00\"}, null]", "null")]
    [InlineData("null", "")]
    [InlineData("[{\"day\": \"Monday\", \"start\": null, \"end\": \"12:00\"}]", "Item 0 at start")]
    public async Task Nulls_where_the_type_has_none_are_a_400(string body, string expected)
    {
        var therapist = await api.TherapistSignedInAsync();

        var response = await therapist.PutAsync("/api/availability/working-hours", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.True(detail.Contains(expected, StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task A_null_where_settings_need_a_value_is_a_400_not_a_500()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = await therapist.GetFromJsonAsync<JsonElement>("/api/practice/settings", ct);
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(settings.GetRawText())!;
        body["timeZone"] = null;

        var response = await therapist.PutAsJsonAsync("/api/practice/settings", body, ct);

        Assert.Contains("timeZone", await ProblemDetailAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/api/bookings?from=yesterday&to=2026-03-09T00:00:00Z", "from")]
    [InlineData("/api/bookings?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", "1900-01-01")]
    [InlineData("/api/bookings?from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z", "2199-12-31")]
    [InlineData("/api/payments?clientId=not-a-guid", "clientId")]
    public async Task An_unparsable_or_out_of_range_query_value_is_a_400(string url, string expected)
    {
        var therapist = await api.TherapistSignedInAsync();

        Assert.Contains(expected, await ProblemDetailAsync(await therapist.GetAsync(url, ct), HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("from=0001-01-01&to=0001-01-02&tz=Europe/London")]
    [InlineData("from=9999-12-30&to=9999-12-31&tz=Europe/London")]
    [InlineData("from=2026-03-02&to=2026-03-03&tz=Pacific%20Standard%20Time")]
    public async Task The_slot_search_refuses_the_ends_of_the_calendar_and_zones_that_are_not_IANA(string query)
    {
        var response = await api.CreateClient().GetAsync($"/api/slots?sessionType=discovery-call&{query}", ct);

        await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Two_session_types_created_with_one_slug_at_once_are_one_201_and_409s()
    {
        var therapist = await api.TherapistSignedInAsync();
        var type = new
        {
            slug = "race-session", name = "Race", description = "", durationMinutes = 50, priceMinorUnits = 5000, currency = "GBP",
            mode = "Virtual", bufferBeforeMinutes = 0, bufferAfterMinutes = 10, requiresCompletedDiscovery = true, isActive = true, displayOrder = 9,
        };

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => therapist.PostAsJsonAsync("/api/session-types", type, ct)));
        var statuses = string.Join(", ", await Task.WhenAll(answers.Select(async a => $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync(ct)}")));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) == 1, statuses);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task Cancelling_one_booking_many_times_at_once_is_one_200_and_the_rest_4xx_never_a_500()
    {
        var therapist = await api.TherapistSignedInAsync();
        var booked = await api.CreateClient().PostBookingAsync(
            Bookings.BookingRequests.Guest("discovery-call", Bookings.BookingRequests.Tuesday(15), "cancel-race@example.com"));
        var booking = await booked.Content.ReadFromJsonAsync<JsonElement>(ct);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            therapist.PostAsJsonAsync($"/api/bookings/{booking.GetProperty("id").GetGuid()}/cancel", new { lateByClient = false }, ct)));

        var statuses = string.Join(", ", answers.Select(a => (int)a.StatusCode));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, statuses));
    }

    private async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
