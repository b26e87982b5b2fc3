using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Waitlist;
using Portal.Core.Availability;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Waitlist;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Waitlist;

/// <summary>Arrangements the waitlist tests share: a day with one bookable hour, a Worker pass, what was sent.</summary>
internal static class WaitlistScenario
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A weekday in March 2026 (London is on GMT: its times are UTC).</summary>
    public static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>Only <paramref name="from"/>..<paramref name="to"/> is worked on that day: its weekly hours are off.</summary>
    public static async Task OnlyHoursAsync(this ApiFactory api, int day, TimeOnly from, TimeOnly to)
    {
        await using var db = api.OpenDb();
        var date = new DateOnly(2026, 3, day);
        db.AvailabilityExceptions.Add(new AvailabilityException { Date = date, Kind = AvailabilityExceptionKind.DayOff });
        db.AvailabilityExceptions.Add(new AvailabilityException { Date = date, Kind = AvailabilityExceptionKind.ExtraHours, Start = from, End = to });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>One pass of the Worker's waitlist job, at the Api's clock.</summary>
    public static async Task<WaitlistPass> PassAsync(this ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WaitlistMatcher>().PassAsync(Ct);
    }

    public static async Task<WaitlistPlaceResponse> JoinAsync(this HttpClient http, string sessionType, int day, params string[] parts)
    {
        var response = await http.PostAsJsonAsync("/api/me/waitlist",
            new { sessionType, from = new DateOnly(2026, 3, day), to = new DateOnly(2026, 3, day), partsOfDay = parts }, Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<WaitlistPlaceResponse>(Ct))!;
    }

    public static async Task<WaitlistPlaceResponse[]> MineAsync(this HttpClient http) =>
        (await http.GetFromJsonAsync<WaitlistPlaceResponse[]>("/api/me/waitlist", Ct))!;

    /// <summary>The offer emails written for <paramref name="email"/>.</summary>
    public static async Task<List<WaitlistOfferEmail>> OfferEmailsToAsync(this ApiFactory api, string email)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email && m.DeduplicationKey.StartsWith("waitlist-offer:"))
            .Select(m => m.Payload).ToListAsync(Ct);
        return [.. payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<WaitlistOfferEmail>()
            .Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase))];
    }

    public static async Task<List<NotificationRequest>> NotificationsForAsync(this ApiFactory api, Guid clientId)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Notification && m.DeduplicationKey.StartsWith("waitlist-offer:"))
            .Select(m => m.Payload).ToListAsync(Ct);
        return [.. payloads.Select(p => JsonSerializer.Deserialize<NotificationRequest>(p, OutboxJson.Options)!).Where(n => n.ClientId == clientId)];
    }
}
