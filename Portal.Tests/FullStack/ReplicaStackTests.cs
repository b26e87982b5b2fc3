using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Tests.Browser;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.FullStack;

/// <summary>
/// The shared stack runs two instances each of the Api, the Web and the Worker (<c>Portal:Replicas</c>). Here each
/// instance is addressed directly, past the AppHost's proxy, to show they behave as one system: one booking per slot
/// whichever Api takes the requests, a session made on one Web good on the other, limits counted together, and the
/// side effects of bookings done once by the two Workers (the mail folder is watched: a repeat would overwrite its file).
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class ReplicaStackTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_storm_of_100_bookings_for_one_slot_over_both_apis_books_exactly_one_and_its_email_goes_once()
    {
        var apis = await InstancesAsync("api");
        using var first = new HttpClient { BaseAddress = apis[0] };
        var slots = await first.GetFromJsonAsync<Portal.Api.Availability.SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&from={DateTime.UtcNow.AddDays(20):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(26):yyyy-MM-dd}&tz=Europe/London", ct);
        var start = DateTimeOffset.Parse(slots!.Days.First(d => d.Starts.Length > 0).Starts[^1], System.Globalization.CultureInfo.InvariantCulture);
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var mail = new MailDeliveries(stack);

        // Each request on its own connection, alternately to each instance, from its own address (the booking limit
        // counts per caller).
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var http = new HttpClient { BaseAddress = apis[i % 2] };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings")
            {
                Content = JsonContent.Create(Guest("discovery-call", start, $"storm-{tag}-{i}@example.com")),
                Headers = { { "X-Forwarded-For", $"10.91.{i / 250}.{(i % 250) + 1}" } },
            };
            using var response = await http.SendAsync(request, ct);
            return (Instance: i % 2, response.StatusCode, Body: (int)response.StatusCode >= 500 ? await response.Content.ReadAsStringAsync(ct) : "");
        }));

        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"instance {a.Instance} of {string.Join(", ", apis.Select(u => u.ToString()))} answered {a.StatusCode}: {a.Body}"));
        var booked = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a != booked), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));

        // Whichever Worker picks it up, the confirmation goes once.
        var winner = $"storm-{tag}-{Array.IndexOf(answers, booked)}@example.com";
        await Eventually.TrueAsync(() => mail.To(winner) >= 1, TimeSpan.FromSeconds(60), $"no confirmation to {winner}");
        await Task.Delay(MailDeliveries.RepeatWouldHaveCome, ct);
        Assert.Equal(1, mail.To(winner));
        Assert.Equal([winner], mail.Recipients.Where(r => r.StartsWith($"storm-{tag}-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_side_effect_of_a_burst_of_bookings_over_both_apis_is_done_once_by_the_two_workers()
    {
        var apis = await InstancesAsync("api");
        var starts = await ReplicaBookings.FreeStartsAsync(apis[0], "discovery-call", 8, ct);
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var mail = new MailDeliveries(stack);

        var bookings = await ReplicaBookings.GuestsBookAsync(apis, starts, i => $"burst-{tag}-{i}@example.com", addressBlock: 93, ct);

        // Each booking owes two emails, two notices, a calendar event and a welcome thread (the reminder is days away).
        await Eventually.TrueAsync(async () => await UnfinishedAsync(bookings) == 0, TimeSpan.FromSeconds(90),
            "side effects of the burst still waiting");
        await Eventually.TrueAsync(() => bookings.All(id => mail.Of($"booking-{id:N}-confirmed-").Count == 2), TimeSpan.FromSeconds(30),
            "not every booking's two confirmation emails were delivered");
        await Task.Delay(MailDeliveries.RepeatWouldHaveCome, ct);
        foreach (var id in bookings)
        {
            Assert.All(mail.Of($"booking-{id:N}-"), email => Assert.True(email.Value == 1, $"{email.Key} delivered {email.Value} times"));
        }

        Assert.Equal(starts.Length, Enumerable.Range(0, starts.Length).Sum(i => mail.To($"burst-{tag}-{i}@example.com")));
        await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
        var notices = await db.Notifications.AsNoTracking().Where(n => n.ClientId != null)
            .Join(db.Bookings.Where(b => bookings.Contains(b.Id)), n => n.ClientId, b => b.ClientId, (n, b) => n.Title)
            .ToListAsync(ct);
        Assert.Equal(starts.Length, notices.Count(title => title.Contains("is booked", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sign_in_limits_are_counted_across_both_apis()
    {
        var apis = await InstancesAsync("api");
        var email = $"limit-{Guid.NewGuid():N}@example.com";
        var statuses = new List<HttpStatusCode>();
        // Three sign-in links per address a quarter of an hour (RateLimits:MagicLinkPerAddress): the fourth is refused
        // whichever instance it reaches.
        for (var i = 0; i < 4; i++)
        {
            using var http = new HttpClient { BaseAddress = apis[i % 2] };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/magic-link")
            {
                Content = JsonContent.Create(new { email }),
                Headers = { { "X-Forwarded-For", $"10.92.0.{i + 1}" } },
            };
            using var response = await http.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_session_made_through_one_web_instance_is_good_on_the_other()
    {
        var webs = await InstancesAsync("web");
        var page = await chromium.NewPageAsync(webs[0], 1280, 800);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin"));

        // Cookies belong to the host, not the port: the browser sends the same cookie to the other instance.
        var other = await page.GotoAsync(new Uri(webs[1], "/admin").ToString());
        Assert.True(other?.Ok, $"/admin on the other Web instance answered {other?.Status}");
        Assert.Contains("/admin", page.Url);
        Assert.DoesNotContain("/signin", page.Url);
    }

    [Fact]
    public async Task A_form_served_by_one_web_instance_is_accepted_by_the_other()
    {
        // The antiforgery token (like the status messages carried across a redirect) is protected by the Web's key
        // ring: both instances must hold the same key, though they started together on an empty Redis.
        var webs = await InstancesAsync("web");
        using var first = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = webs[0] };
        using var form = await first.GetAsync("/signin", ct);
        form.EnsureSuccessStatusCode();
        var cookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.")).Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(
            await form.Content.ReadAsStringAsync(ct), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        using var other = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = webs[1] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            // An address the page itself refuses: the answer is the form again, not a sign-in link.
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "not-an-address", ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", cookie);
        using var answer = await other.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Please enter an email address like name@example.com.", await answer.Content.ReadAsStringAsync(ct));
        // The framework rereads its ring once when it meets an unknown key in its first minutes, which could hide a key
        // each: the ring itself must hold one.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync((await stack.App.GetConnectionStringAsync("redis", ct))!);
        Assert.Equal(1, await redis.GetDatabase().ListLengthAsync("portal:web:data-protection-keys"));
    }

    private Task<Uri[]> InstancesAsync(string resource) => StackInstances.AddressesAsync(stack, resource, ct);

    private async Task<int> UnfinishedAsync(IEnumerable<Guid> bookings)
    {
        await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
        var keys = bookings.Select(id => $"booking:{id:N}:").ToArray();
        var now = DateTimeOffset.UtcNow;
        return (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.ProcessedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now)
                .Select(m => m.DeduplicationKey).ToListAsync(ct))
            .Count(key => keys.Any(key.StartsWith));
    }
}
