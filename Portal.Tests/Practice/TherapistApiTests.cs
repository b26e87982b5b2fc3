using System.Net;
using System.Net.Http.Json;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Clients;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Practice;

public sealed class TherapistApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string> TherapistOnly => new()
    {
        { "GET", "/api/bookings?from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z" },
        { "GET", "/api/clients" },
        { "POST", $"/api/clients/{Guid.NewGuid()}/discovery-completed" },
        { "GET", "/api/availability/working-hours" },
        { "PUT", "/api/availability/working-hours" },
        { "GET", "/api/availability/exceptions" },
        { "POST", "/api/availability/exceptions" },
        { "DELETE", $"/api/availability/exceptions/{Guid.NewGuid()}" },
        { "POST", "/api/session-types" },
        { "PUT", "/api/session-types/discovery-call" },
        { "POST", $"/api/bookings/{Guid.NewGuid()}/complete" },
        { "POST", $"/api/bookings/{Guid.NewGuid()}/no-show" },
        { "GET", "/api/practice/settings" },
        { "PUT", "/api/practice/settings" },
    };

    [Theory]
    [MemberData(nameof(TherapistOnly))]
    public async Task Therapist_endpoints_refuse_anonymous_callers_and_clients(string method, string path)
    {
        var (_, client) = await api.ClientSignedInAsync($"matrix-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);

        var anonymous = await api.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
        var asClient = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asClient.StatusCode);
        Assert.Equal("application/problem+json", asClient.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_therapist_sees_bookings_and_clients_with_their_stage()
    {
        Assert.Equal(HttpStatusCode.Created, (await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(11), "listed@example.com"))).StatusCode);
        var therapist = await api.TherapistSignedInAsync();

        var bookings = await therapist.GetFromJsonAsync<BookingResponse[]>("/api/bookings?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z", ct);
        var clients = (await therapist.GetFromJsonAsync<ClientPageResponse>("/api/clients", ct))!.Clients;

        Assert.Contains(bookings!, b => b.Start == Tuesday(11) && b.SessionType == "discovery-call");
        Assert.Contains(clients!, c => c.Email == "listed@example.com" && c.Stage == "DiscoveryBooked");
    }

    [Fact]
    public async Task A_day_off_empties_that_days_slots_and_removing_it_brings_them_back()
    {
        var therapist = await api.TherapistSignedInAsync();
        const string slots = "/api/slots?sessionType=discovery-call&from=2026-03-06&to=2026-03-06&tz=Europe/London";
        Assert.NotEmpty((await api.CreateClient().GetFromJsonAsync<SlotsResponse>(slots, ct))!.Days);

        var added = await therapist.PostAsJsonAsync("/api/availability/exceptions", new { date = "2026-03-06", kind = "DayOff" }, ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Empty((await api.CreateClient().GetFromJsonAsync<SlotsResponse>(slots, ct))!.Days);

        var id = (await added.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await therapist.DeleteAsync($"/api/availability/exceptions/{id}", ct)).StatusCode);
        Assert.NotEmpty((await api.CreateClient().GetFromJsonAsync<SlotsResponse>(slots, ct))!.Days);
    }

    [Fact]
    public async Task No_same_day_bookings_set_by_the_therapist_empties_today()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct);
        const string today = "/api/slots?sessionType=discovery-call&from=2026-03-02&to=2026-03-02&tz=Europe/London";
        try
        {
            var shortNotice = await therapist.PutAsJsonAsync("/api/practice/settings", settings! with { MinimumNoticeMinutes = 60 }, ct);
            Assert.Equal(HttpStatusCode.OK, shortNotice.StatusCode);
            Assert.NotEmpty((await api.CreateClient().GetFromJsonAsync<SlotsResponse>(today, ct))!.Days);

            var noSameDay = await therapist.PutAsJsonAsync("/api/practice/settings", settings with { MinimumNoticeMinutes = 60, NoSameDayBookings = true }, ct);
            var invalid = await therapist.PutAsJsonAsync("/api/practice/settings", settings with { TimeZone = "Narnia/Cair_Paravel" }, ct);

            Assert.Equal(HttpStatusCode.OK, noSameDay.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Empty((await api.CreateClient().GetFromJsonAsync<SlotsResponse>(today, ct))!.Days);
        }
        finally
        {
            await therapist.PutAsJsonAsync("/api/practice/settings", settings, ct);
        }
    }

    [Fact]
    public async Task Overlapping_working_hours_are_refused_with_a_reason()
    {
        var therapist = await api.TherapistSignedInAsync();

        var response = await therapist.PutAsJsonAsync("/api/availability/working-hours", new[]
        {
            new { day = "Monday", start = "09:00", end = "13:00" },
            new { day = "Monday", start = "12:00", end = "17:00" },
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must not overlap", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task A_new_paid_session_type_is_listed_and_always_waits_for_the_discovery_call()
    {
        var therapist = await api.TherapistSignedInAsync();
        var request = new
        {
            slug = "couples-session", name = "Couples session", description = "Eighty minutes for two.", durationMinutes = 80,
            priceMinorUnits = 12000, currency = "GBP", mode = "Virtual", bufferBeforeMinutes = 0, bufferAfterMinutes = 10,
            requiresCompletedDiscovery = false, isActive = true, displayOrder = 5,
        };

        var created = await therapist.PostAsJsonAsync("/api/session-types", request, ct);
        var duplicate = await therapist.PostAsJsonAsync("/api/session-types", request, ct);
        var invalid = await therapist.PostAsJsonAsync("/api/session-types", request with { slug = "Not A Slug", durationMinutes = 0 }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var listed = await api.CreateClient().GetFromJsonAsync<SessionTypeResponse[]>("/api/session-types", ct);
        Assert.Contains(listed!, t => t.Slug == "couples-session" && t.RequiresCompletedDiscovery && t.DurationMinutes == 80);
    }
}
