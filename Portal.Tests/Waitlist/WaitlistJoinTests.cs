using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;
using static Portal.Tests.Waitlist.WaitlistScenario;

namespace Portal.Tests.Waitlist;

public sealed class WaitlistJoinTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_joins_sees_their_place_and_leaves_it_with_one_request()
    {
        var (_, http) = await api.ClientSignedInAsync("joiner@example.com", discoveryCompleted: false);

        var place = await http.JoinAsync("discovery-call", 20, "morning", "evening");

        Assert.Equal(("discovery-call", new DateOnly(2026, 3, 20), "Europe/London"), (place.SessionType, place.To, place.TimeZone));
        Assert.Equal(["morning", "evening"], place.PartsOfDay);
        Assert.Equal(place.Id, (await http.MineAsync()).Single().Id);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/me/waitlist/{place.Id}", ct)).StatusCode);
        Assert.Empty(await http.MineAsync());
    }

    [Fact]
    public async Task Someone_who_may_not_book_a_type_may_not_wait_for_it()
    {
        var (_, http) = await api.ClientSignedInAsync("not-yet@example.com", discoveryCompleted: false);

        var response = await http.PostAsJsonAsync("/api/me/waitlist",
            new { sessionType = "online-session", from = new DateOnly(2026, 3, 9), to = new DateOnly(2026, 3, 13) }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("discovery-first", (await ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Empty(await http.MineAsync());
    }

    [Fact]
    public async Task Bad_requests_are_answered_with_what_to_fix()
    {
        var (_, http) = await api.ClientSignedInAsync("careless@example.com", discoveryCompleted: false);
        async Task<System.Text.Json.JsonElement> ErrorsOf(object body, HttpStatusCode expected = HttpStatusCode.BadRequest)
        {
            var response = await http.PostAsJsonAsync("/api/me/waitlist", body, ct);
            Assert.Equal(expected, response.StatusCode);
            return await ProblemAsync(response);
        }

        var swapped = await ErrorsOf(new { sessionType = "discovery-call", from = new DateOnly(2026, 3, 13), to = new DateOnly(2026, 3, 9) });
        Assert.Contains("swap", swapped.GetProperty("errors").GetProperty("to")[0].GetString());
        var night = await ErrorsOf(new { sessionType = "discovery-call", from = new DateOnly(2026, 3, 9), to = new DateOnly(2026, 3, 9), partsOfDay = new[] { "night" } });
        Assert.True(night.GetProperty("errors").TryGetProperty("partsOfDay", out _));
        var past = await ErrorsOf(new { sessionType = "discovery-call", from = new DateOnly(2026, 2, 1), to = new DateOnly(2026, 2, 2) });
        Assert.True(past.GetProperty("errors").TryGetProperty("to", out _));
        var nothing = await ErrorsOf(new { });
        Assert.True(nothing.GetProperty("errors").TryGetProperty("from", out _));
        var zone = await ErrorsOf(new { sessionType = "discovery-call", from = new DateOnly(2026, 3, 9), to = new DateOnly(2026, 3, 9), timeZone = "Mars/Olympus" });
        Assert.True(zone.GetProperty("errors").TryGetProperty("timeZone", out _));
        await ErrorsOf(new { sessionType = "no-such-type", from = new DateOnly(2026, 3, 9), to = new DateOnly(2026, 3, 9) }, HttpStatusCode.NotFound);
        var strangers = await api.CreateClient().PostAsJsonAsync("/api/me/waitlist", new { sessionType = "discovery-call" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, strangers.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/me/waitlist/{Guid.NewGuid()}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/me/waitlist/offers/{Guid.NewGuid()}/take", null, ct)).StatusCode);
    }
}
