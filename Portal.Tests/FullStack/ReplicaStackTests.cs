using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using Portal.Tests.Browser;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.FullStack;

/// <summary>
/// The shared stack runs two instances each of the Api, the Web and the Worker (<c>Portal:Replicas</c>). Here each
/// instance is addressed directly, past the AppHost's proxy, to show they behave as one system: one booking per slot
/// whichever Api takes the requests, a session made on one Web good on the other, limits counted together, and the
/// side effects of a booking done once by the two Workers.
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
        var since = DateTime.UtcNow;

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
        await Eventually.TrueAsync(() => EmailsTo(winner, since) >= 1, TimeSpan.FromSeconds(60), $"no confirmation to {winner}");
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        Assert.Equal(1, EmailsTo(winner, since));
        Assert.Equal(0, Enumerable.Range(0, 100).Select(i => $"storm-{tag}-{i}@example.com").Where(e => e != winner).Sum(e => EmailsTo(e, since)));
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

    private int EmailsTo(string address, DateTime since) =>
        !Directory.Exists(stack.MailFolder) ? 0 : Directory.GetFiles(stack.MailFolder, "*.eml")
            .Where(f => File.GetLastWriteTimeUtc(f) >= since)
            .Count(f => MimeKit.MimeMessage.Load(f).To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Each instance's own address (past the proxy): the port its process was told to listen on.</summary>
    private async Task<Uri[]> InstancesAsync(string resource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var instances = await stack.EveryReplicaHealthyAsync(resource, timeout.Token);
        var addresses = instances.Select(instance => AddressOf(instance.Snapshot)).Distinct().ToArray();
        Assert.True(addresses.Length == PortalStack.Replicas,
            $"{resource}: {addresses.Length} distinct addresses among {instances.Count} instances: "
            + string.Join(" | ", instances.Select(i => string.Join(", ", i.Snapshot.EnvironmentVariables.Select(v => $"{v.Name}={v.Value}")))));

        // Healthy as the AppHost sees it may be the proxy's answer: each instance must answer for itself.
        foreach (var address in addresses)
        {
            using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await probe.GetAsync("/health", timeout.Token)).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), $"{resource} at {address} does not answer /health");
        }

        return addresses;
    }

    private static Uri AddressOf(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        if (!string.IsNullOrEmpty(urls))
        {
            return new Uri(urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal)).Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal));
        }

        var port = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "HTTP_PORTS")?.Value?.Split(';')[0];
        return port is null
            ? throw new InvalidOperationException("No address: " + string.Join(", ", snapshot.EnvironmentVariables.Select(v => v.Name)))
            : new Uri($"http://localhost:{port}");
    }
}
