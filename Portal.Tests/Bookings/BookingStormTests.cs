using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Bookings;

/// <summary>Many people clicking at once: exactly one wins each time, nobody gets a 5xx, nothing overlaps.</summary>
public sealed class BookingStormTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Requests = 200;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_requests_for_the_same_slot_make_exactly_one_booking()
    {
        var http = api.CreateClient();
        var start = Tuesday(10);

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
            http.PostBookingAsync(Guest("discovery-call", start, $"storm-{i}@example.com"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(Requests - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.Bookings.CountAsync(b => b.StartsAt == start, ct));
        Assert.Equal(0, await CountOverlapsAsync(api.DatabaseConnectionString));
    }

    [Fact]
    public async Task Two_hundred_requests_for_overlapping_slots_of_different_durations_never_overlap()
    {
        // Types a guest may book (discovery calls: guests book nothing else), 20 to 80 minutes long with different
        // buffers, starting on every half hour of one Wednesday: most requests overlap several others.
        await using (var db = api.OpenDb())
        {
            db.SessionTypes.AddRange(
                FreeType("storm-30", 30, before: 0, after: 0),
                FreeType("storm-50", 50, before: 5, after: 10),
                FreeType("storm-80", 80, before: 0, after: 15));
            await db.SaveChangesAsync(ct);
        }

        var http = api.CreateClient();
        string[] types = ["discovery-call", "storm-30", "storm-50", "storm-80"];
        var wednesday = new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
            http.PostBookingAsync(Guest(types[i % types.Length], wednesday.AddMinutes(30 * (i % 14)), $"mixed-{i}@example.com"))));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(0, await CountOverlapsAsync(api.DatabaseConnectionString));
    }

    private static SessionType FreeType(string slug, int minutes, int before, int after) => new()
    {
        Slug = slug,
        Name = slug,
        Description = "Storm test type.",
        Duration = TimeSpan.FromMinutes(minutes),
        BufferBefore = TimeSpan.FromMinutes(before),
        BufferAfter = TimeSpan.FromMinutes(after),
        Currency = "GBP",
        IsDiscoveryCall = true,
        DisplayOrder = 90,
    };
}
