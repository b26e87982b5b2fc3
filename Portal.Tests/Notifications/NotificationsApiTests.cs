using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Notifications;
using Portal.Core.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

/// <summary>Each person reads and clears their own notifications, and only theirs.</summary>
public sealed class NotificationsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_visitors_have_no_notifications_to_read()
    {
        var anonymous = api.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/notifications/read-all", null, ct)).StatusCode);
    }

    [Fact]
    public async Task A_client_sees_their_own_notifications_newest_first_with_the_unread_count_and_nobody_elses()
    {
        var (alice, aliceHttp) = await api.ClientSignedInAsync("alice.notes@example.com", discoveryCompleted: false);
        var (bob, _) = await api.ClientSignedInAsync("bob.notes@example.com", discoveryCompleted: false);
        await AddAsync(Audience.Client, alice.Id, "For Alice, older", minutesAgo: 10);
        await AddAsync(Audience.Client, alice.Id, "For Alice, newer", minutesAgo: 1);
        await AddAsync(Audience.Client, bob.Id, "For Bob", minutesAgo: 5);
        await AddAsync(Audience.Therapist, null, "For the therapist", minutesAgo: 5);

        var list = await aliceHttp.GetFromJsonAsync<NotificationList>("/api/notifications", ct);

        Assert.Equal(2, list!.UnreadCount);
        Assert.Equal(["For Alice, newer", "For Alice, older"], list.Items.Select(n => n.Title));
    }

    [Fact]
    public async Task Marking_read_counts_down_and_a_client_cannot_touch_another_clients_notification()
    {
        var (carol, carolHttp) = await api.ClientSignedInAsync("carol.notes@example.com", discoveryCompleted: false);
        var (dan, danHttp) = await api.ClientSignedInAsync("dan.notes@example.com", discoveryCompleted: false);
        var carols = await AddAsync(Audience.Client, carol.Id, "For Carol", minutesAgo: 3);
        var dans = await AddAsync(Audience.Client, dan.Id, "For Dan", minutesAgo: 3);

        Assert.Equal(HttpStatusCode.NotFound, (await carolHttp.PostAsync($"/api/notifications/{dans}/read", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await carolHttp.PostAsync($"/api/notifications/{carols}/read", null, ct)).StatusCode);

        Assert.Equal(0, (await carolHttp.GetFromJsonAsync<NotificationList>("/api/notifications", ct))!.UnreadCount);
        Assert.Equal(1, (await danHttp.GetFromJsonAsync<NotificationList>("/api/notifications", ct))!.UnreadCount);
        await using var db = api.OpenDb();
        Assert.Equal(ApiFactory.DefaultNow, (await db.Notifications.SingleAsync(n => n.Id == carols, ct)).ReadAt);
    }

    [Fact]
    public async Task Read_all_clears_only_the_callers_notifications()
    {
        var (erin, erinHttp) = await api.ClientSignedInAsync("erin.notes@example.com", discoveryCompleted: false);
        var (frank, frankHttp) = await api.ClientSignedInAsync("frank.notes@example.com", discoveryCompleted: false);
        await AddAsync(Audience.Client, erin.Id, "Erin 1", minutesAgo: 2);
        await AddAsync(Audience.Client, erin.Id, "Erin 2", minutesAgo: 1);
        await AddAsync(Audience.Client, frank.Id, "Frank", minutesAgo: 1);

        Assert.Equal(HttpStatusCode.NoContent, (await erinHttp.PostAsync("/api/notifications/read-all", null, ct)).StatusCode);

        Assert.Equal(0, (await erinHttp.GetFromJsonAsync<NotificationList>("/api/notifications", ct))!.UnreadCount);
        Assert.Equal(1, (await frankHttp.GetFromJsonAsync<NotificationList>("/api/notifications", ct))!.UnreadCount);
    }

    [Fact]
    public async Task The_therapist_sees_the_practices_notifications_and_not_the_clients()
    {
        var (grace, _) = await api.ClientSignedInAsync("grace.notes@example.com", discoveryCompleted: false);
        await AddAsync(Audience.Client, grace.Id, "For Grace", minutesAgo: 1);
        var forTherapist = await AddAsync(Audience.Therapist, null, "New booking: Grace", minutesAgo: 1);
        var therapist = await api.TherapistSignedInAsync();

        var list = await therapist.GetFromJsonAsync<NotificationList>("/api/notifications", ct);

        Assert.Contains(list!.Items, n => n.Id == forTherapist);
        Assert.DoesNotContain(list.Items, n => n.Title == "For Grace");
    }

    private async Task<Guid> AddAsync(Audience audience, Guid? clientId, string title, int minutesAgo)
    {
        await using var db = api.OpenDb();
        var notification = Notification.From(
            new NotificationRequest(audience, clientId, title, "Tue 3 Mar, 09:00 (London time)", "/me"),
            $"test:{Guid.NewGuid():N}",
            ApiFactory.DefaultNow.AddMinutes(-minutesAgo));
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(ct);
        return notification.Id;
    }
}
