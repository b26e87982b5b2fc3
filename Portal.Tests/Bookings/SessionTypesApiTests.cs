using System.Net;
using System.Net.Http.Json;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Bookings;

public sealed class SessionTypesApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Lists_the_seeded_session_types_with_the_discovery_call_first()
    {
        var types = await api.CreateClient().GetFromJsonAsync<SessionTypeResponse[]>(
            "/api/session-types", TestContext.Current.CancellationToken);

        Assert.NotNull(types);
        Assert.True(types.Length >= 3, $"expected the three seeded types, got {types.Length}");
        var discovery = types[0];
        Assert.Equal(SessionTypeSeed.DiscoveryCallSlug, discovery.Slug);
        Assert.True(discovery.IsDiscoveryCall);
        Assert.Equal(20, discovery.DurationMinutes);
        Assert.Equal(0, discovery.PriceMinorUnits);
        Assert.False(discovery.RequiresCompletedDiscovery);
        Assert.All(types.Skip(1).Where(t => t.PriceMinorUnits > 0), paid => Assert.True(paid.RequiresCompletedDiscovery));
        Assert.Contains(types, t => t.Slug == "online-session" && t.PriceMinorUnits == 7500 && t.Currency == "GBP");
    }

    [Fact]
    public async Task Leaves_out_inactive_types_and_reflects_what_is_in_the_database()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = api.OpenDb())
        {
            db.SessionTypes.Add(NewType("retired-group-session", isActive: false));
            db.SessionTypes.Add(NewType("walk-and-talk", isActive: true));
            await db.SaveChangesAsync(ct);
        }

        var response = await api.CreateClient().GetAsync("/api/session-types", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var slugs = (await response.Content.ReadFromJsonAsync<SessionTypeResponse[]>(ct))!.Select(t => t.Slug).ToList();
        Assert.Contains("walk-and-talk", slugs);
        Assert.DoesNotContain("retired-group-session", slugs);
    }

    private static SessionType NewType(string slug, bool isActive) => new()
    {
        Slug = slug,
        Name = slug,
        Description = "A test type.",
        Duration = TimeSpan.FromMinutes(45),
        PriceMinorUnits = 5000,
        Currency = "GBP",
        RequiresCompletedDiscovery = true,
        IsActive = isActive,
        DisplayOrder = 50,
    };
}
