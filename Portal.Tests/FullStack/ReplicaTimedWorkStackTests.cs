using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Calendar;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Waitlist;
using Portal.Tests.Browser;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.FullStack;

/// <summary>
/// Work that comes due by the clock, with two Workers (and two Apis) that could each do it: reminders and the end of a
/// payment hold (outbox messages that wait for their time), the waitlist's pass (every Waitlist:CheckEvery) and a read
/// of her Google calendars. Each is done once. Waiting a day or half an hour is not possible here: a message's time is
/// brought forward in the database, as the clock would bring it.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class ReplicaTimedWorkStackTests(PortalStack stack)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reminders_that_come_due_are_sent_once_by_the_two_workers()
    {
        var apis = await StackInstances.AddressesAsync(stack, "api", ct);
        var starts = await ReplicaBookings.FreeStartsAsync(apis[0], "discovery-call", 3, ct);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var bookings = await ReplicaBookings.GuestsBookAsync(apis, starts, i => $"reminded-{tag}-{i}@example.com", addressBlock: 94, ct);
        using var mail = new MailDeliveries(stack);

        await using var db = await OpenDbAsync();
        foreach (var id in bookings)
        {
            var prefix = $"booking:{id:N}:reminder:";
            Assert.Equal(1, await db.OutboxMessages.Where(m => m.DeduplicationKey.StartsWith(prefix) && m.ProcessedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow), ct));
        }

        await Eventually.TrueAsync(() => bookings.All(id => mail.Of($"booking-{id:N}-reminder-").Count == 1), TimeSpan.FromSeconds(60),
            "not every reminder that came due was sent");
        await Task.Delay(MailDeliveries.RepeatWouldHaveCome, ct);
        foreach (var id in bookings)
        {
            var reminder = Assert.Single(mail.Of($"booking-{id:N}-reminder-"));
            Assert.True(reminder.Value == 1, $"{reminder.Key} delivered {reminder.Value} times");
        }
    }

    [Fact]
    public async Task A_payment_hold_that_runs_out_is_closed_once_at_Stripe_and_its_time_freed()
    {
        var apis = await StackInstances.AddressesAsync(stack, "api", ct);
        var client = await StackPeople.ClientAsync(stack, $"Hollis {Guid.NewGuid():N}"[..15], pastDiscovery: true);
        using var api = await SignedInAtAsync(apis[1], client.Email);
        var start = (await ReplicaBookings.FreeStartsAsync(apis[0], "online-session", 1, ct))[0];
        using var booked = await api.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start }, ct);
        Assert.True(booked.StatusCode == HttpStatusCode.Created, $"{(int)booked.StatusCode} {await booked.Content.ReadAsStringAsync(ct)}");
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var session = stack.Stripe.SessionOfBooking(id)["id"]!.GetValue<string>();

        // The hold's 32 minutes pass.
        await using var db = await OpenDbAsync();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(1, await db.Bookings.Where(b => b.Id == id).ExecuteUpdateAsync(set => set.SetProperty(b => b.HoldExpiresAt, now), ct));
        Assert.Equal(1, await db.OutboxMessages.Where(m => m.DeduplicationKey == $"booking:{id:N}:checkout-close:hold-ended")
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, now), ct));

        await Eventually.TrueAsync(async () => await StatusAsync(id) == BookingStatus.Expired, TimeSpan.FromSeconds(60), "the hold was not released");
        await Task.Delay(MailDeliveries.RepeatWouldHaveCome, ct);
        Assert.Single(stack.Stripe.Requests, r => r is { Method: "POST" } && r.Path == $"/v1/checkout/sessions/{session}/expire");
        Assert.Equal("expired", stack.Stripe.Session(session)["status"]!.GetValue<string>());
        Assert.Equal(BookingStatus.Expired, await StatusAsync(id));
        var closing = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.DeduplicationKey == $"booking:{id:N}:checkout-close:hold-ended", ct);
        Assert.NotNull(closing.ProcessedAt);
        Assert.Equal(1, closing.Attempts);
    }

    [Fact]
    public async Task A_freed_time_is_offered_to_the_person_waiting_once_whichever_worker_passes()
    {
        var apis = await StackInstances.AddressesAsync(stack, "api", ct);
        var client = await StackPeople.ClientAsync(stack, $"Wren {Guid.NewGuid():N}"[..13], pastDiscovery: false);
        using var api = await SignedInAtAsync(apis[0], client.Email);
        using var mail = new MailDeliveries(stack);
        // Days 108–110: free times (so one is offered at the next pass), and no other test books or waits there.
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(108);
        using var joined = await api.PostAsJsonAsync("/api/me/waitlist",
            new JoinWaitlistRequest("discovery-call", first, first.AddDays(2), [], "Europe/London"), ct);
        Assert.True(joined.StatusCode == HttpStatusCode.Created, $"{(int)joined.StatusCode} {await joined.Content.ReadAsStringAsync(ct)}");
        var entry = (await joined.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        try
        {
            await Eventually.TrueAsync(async () => await OffersAsync(entry) >= 1 && mail.To(client.Email) >= 1, TimeSpan.FromSeconds(45),
                "no time was offered within several passes");

            // Both Workers pass at least twice more (PortalStack.WaitlistPass): the place has its offer, nothing is added.
            await Task.Delay(2 * PortalStack.WaitlistPass + TimeSpan.FromSeconds(2), ct);
            Assert.Equal(1, await OffersAsync(entry));
            Assert.Equal(1, mail.To(client.Email));
        }
        finally
        {
            using var left = await api.DeleteAsync($"/api/me/waitlist/{entry}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task Her_Google_calendars_are_read_by_one_instance_at_a_time_when_both_apis_are_asked_at_once()
    {
        var apis = await StackInstances.AddressesAsync(stack, "api", ct);
        using var therapist = await SignedInAtAsync(apis[0], StackPeople.TherapistEmail);
        using var begun = await therapist.PostAsync("/api/integrations/google/connect", null, ct);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var consent = (await begun.Content.ReadFromJsonAsync<GoogleConsentResponse>(ct))!;
        var callback = await stack.Google.ConsentAsync(consent.AuthorizeUrl, allow: true);
        using var connected = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);
        Assert.True(connected.StatusCode == HttpStatusCode.OK, $"{(int)connected.StatusCode} {await connected.Content.ReadAsStringAsync(ct)}");
        try
        {
            var listsBefore = EventLists();
            stack.Google.ListDelay = TimeSpan.FromSeconds(3);
            var answers = await Task.WhenAll(apis.Select(async address =>
            {
                using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = therapist.DefaultRequestHeaders.Authorization;
                using var response = await http.PostAsync("/api/integrations/google/sync", null, ct);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
            }));

            // One reads; the other finds the read under way (a Worker's round could be the one, then both are told so).
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1, string.Join(" | ", answers));
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
            {
                Assert.Equal(HttpStatusCode.Conflict, a.StatusCode);
                Assert.Contains("sync-running", a.Body);
            });
            Assert.True(EventLists() > listsBefore, "her calendar was not read");
            Assert.Equal(1, stack.Google.MostListsAtOnce);
        }
        finally
        {
            stack.Google.ListDelay = TimeSpan.Zero;
            using var disconnected = await therapist.DeleteAsync("/api/integrations/google", CancellationToken.None);
        }
    }

    private int EventLists() => stack.Google.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/events", StringComparison.Ordinal));

    private async Task<HttpClient> SignedInAtAsync(Uri instance, string email)
    {
        using var proxied = await StackPeople.ApiSignedInAsync(stack, email);
        var http = new HttpClient { BaseAddress = instance };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", proxied.DefaultRequestHeaders.Authorization!.Parameter);
        return http;
    }

    private async Task<PortalDb> OpenDbAsync() => TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);

    private async Task<BookingStatus> StatusAsync(Guid booking)
    {
        await using var db = await OpenDbAsync();
        return await db.Bookings.AsNoTracking().Where(b => b.Id == booking).Select(b => b.Status).SingleAsync(ct);
    }

    private async Task<int> OffersAsync(Guid entry)
    {
        await using var db = await OpenDbAsync();
        return await db.WaitlistOffers.CountAsync(o => o.EntryId == entry, ct);
    }
}
