using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Availability;
using Portal.Core.Availability;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Availability;

/// <summary>Times she blocks by hand: no one can book them, she sees and removes them; a synced block stays until its calendar lets go.</summary>
public sealed class BlockedPeriodsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_blocked_time_closes_its_slots_until_she_removes_it()
    {
        var therapist = await api.TherapistSignedInAsync();
        var visitor = api.CreateClient();
        const string url = "/api/slots?sessionType=discovery-call&from=2026-03-05&to=2026-03-05&tz=Europe/London";
        Assert.Contains("2026-03-05T12:00:00+00:00", await StartsAsync(visitor, url));

        using var created = await therapist.PostAsJsonAsync("/api/availability/blocked-periods",
            new { start = "2026-03-05T12:00:00+00:00", end = "2026-03-05T14:00:00+00:00" }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var block = (await created.Content.ReadFromJsonAsync<BlockedPeriodResponse>(ct))!;
        Assert.True(block.Removable);
        Assert.Equal("manual", block.Source);
        var blocked = await StartsAsync(visitor, url);
        Assert.DoesNotContain(blocked, s => s.StartsWith("2026-03-05T12:", StringComparison.Ordinal) || s.StartsWith("2026-03-05T13:", StringComparison.Ordinal));
        Assert.Contains("2026-03-05T11:00:00+00:00", blocked);
        Assert.Contains("2026-03-05T14:00:00+00:00", blocked);
        var listed = await therapist.GetFromJsonAsync<BlockedPeriodResponse[]>(
            "/api/availability/blocked-periods?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z", ct);
        Assert.Contains(listed!, b => b.Id == block.Id && b.Start == new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(HttpStatusCode.NoContent, (await therapist.DeleteAsync($"/api/availability/blocked-periods/{block.Id}", ct)).StatusCode);

        Assert.Contains("2026-03-05T12:00:00+00:00", await StartsAsync(visitor, url));
        Assert.Equal(HttpStatusCode.NotFound, (await therapist.DeleteAsync($"/api/availability/blocked-periods/{block.Id}", ct)).StatusCode);
    }

    [Fact]
    public async Task A_block_synced_from_a_calendar_cannot_be_removed_by_hand()
    {
        var therapist = await api.TherapistSignedInAsync();
        var synced = new BlockedPeriod
        {
            Start = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero),
            Source = "google:primary", ExternalId = $"event-{Guid.NewGuid():N}",
        };
        await using (var db = api.OpenDb())
        {
            db.BlockedPeriods.Add(synced);
            await db.SaveChangesAsync(ct);
        }

        var listed = await therapist.GetFromJsonAsync<BlockedPeriodResponse[]>(
            "/api/availability/blocked-periods?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z", ct);
        Assert.False(Assert.Single(listed!, b => b.Id == synced.Id).Removable);

        using var refused = await therapist.DeleteAsync($"/api/availability/blocked-periods/{synced.Id}", ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        await using var after = api.OpenDb();
        Assert.NotNull(await after.BlockedPeriods.FindAsync([synced.Id], ct));
    }

    [Theory]
    [InlineData("""{ "start": "2026-03-12T14:00:00+00:00", "end": "2026-03-12T13:00:00+00:00" }""", "end")]
    [InlineData("""{ "start": "2026-03-12T14:00:00+00:00", "end": "2026-03-12T14:00:00+00:00" }""", "end")]
    [InlineData("""{ "end": "2026-03-12T14:00:00+00:00" }""", "start")]
    [InlineData("""{ "start": "2026-03-12T14:00:00+00:00" }""", "end")]
    [InlineData("""{ "start": "2026-03-12T14:00:00+00:00", "end": "2027-03-12T14:00:00+00:00" }""", "end")]
    public async Task A_block_that_makes_no_sense_is_refused_naming_the_field(string body, string field)
    {
        var therapist = await api.TherapistSignedInAsync();

        using var response = await therapist.PostAsync("/api/availability/blocked-periods",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("from=2026-03-12T00:00:00Z&to=2026-03-11T00:00:00Z")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-09-01T00:00:00Z")]
    public async Task A_listing_over_a_range_that_makes_no_sense_is_refused(string query)
    {
        var therapist = await api.TherapistSignedInAsync();

        using var response = await therapist.GetAsync($"/api/availability/blocked-periods?{query}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string[]> StartsAsync(HttpClient http, string url) =>
        (await http.GetFromJsonAsync<SlotsResponse>(url, ct))!.Days.Single().Starts;
}
