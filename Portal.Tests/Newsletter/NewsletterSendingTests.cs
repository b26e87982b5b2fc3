using System.Net;
using System.Net.Http.Json;
using Portal.Api.Newsletter;
using Portal.Core.Newsletter;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Newsletter;

/// <summary>An issue sent to a thousand subscribers: each exactly once, through a Worker killed half-way; never to the wrong people.</summary>
public sealed class NewsletterSendingTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_subscribers_each_get_exactly_one_email_though_the_Worker_is_killed_half_way_and_the_suppressed_get_none()
    {
        var readers = await NewsletterSeeding.SubscribedAsync(api, 1000, "reader{0}@list.example");
        var bounced = await NewsletterSeeding.SubscribedAsync(api, 20, "bounced{0}@list.example");
        await NewsletterSeeding.SuppressAsync(api, bounced);
        var pending = await NewsletterSeeding.SubscribedAsync(api, 10, "pending{0}@list.example", SubscriberStatus.Pending);
        var left = await NewsletterSeeding.SubscribedAsync(api, 10, "left{0}@list.example", SubscriberStatus.Unsubscribed);
        await using var resend = await FakeResend.StartAsync();
        resend.Delay = TimeSpan.FromMilliseconds(5);
        var therapist = await api.TherapistSignedInAsync();

        var scheduled = await therapist.PostAsJsonAsync("/api/newsletter/issues",
            new { subject = "Spring letter", body = "Hello all,\n\nA few thoughts on **rest**. [Read more](https://practice.example/articles/rest)", segment = "AllSubscribers" }, ct);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var issue = (await scheduled.Content.ReadFromJsonAsync<IssueResponse>(ct))!;

        await using (var doomed = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__portal"] = api.AppConnectionString,
            ["Resend__ApiKey"] = FakeResend.ApiKey,
            ["Resend__BaseUrl"] = resend.BaseUrl.ToString(),
            ["Portal__PublicUrl"] = TestWorker.PublicUrl.ToString(),
            ["Outbox__NewsletterConcurrency"] = "4",
            ["Outbox__Lease"] = "00:00:03",
            ["Outbox__HandlerTimeout"] = "00:00:02",
            ["Newsletter__PerMinute"] = "600000",
        }))
        {
            await Eventually.TrueAsync(() => resend.Sent.Count >= 400 || doomed.HasExited, TimeSpan.FromSeconds(90),
                "the Worker process sent too little:\n" + doomed.Output);
            Assert.False(doomed.HasExited, doomed.Output);
            doomed.Kill();
        }

        Assert.InRange(resend.Sent.Count, 400, 999);
        await using (var successor = TestWorker.WithResend(api.DatabaseConnectionString, resend, more: new Dictionary<string, string?>
        {
            ["Outbox:Lease"] = "00:00:03",
            ["Outbox:HandlerTimeout"] = "00:00:02",
            ["Newsletter:PerMinute"] = "600000",
        }))
        {
            await successor.DrainUntilSettledAsync(api.DatabaseConnectionString, TimeSpan.FromSeconds(120));
        }

        var letters = resend.Sent.Where(e => e.Subject == "Spring letter").ToList();
        var byRecipient = letters.GroupBy(e => Address(e.To.Single())).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(readers.Order(), byRecipient.Keys.Order());
        Assert.All(byRecipient, r => Assert.Equal(1, r.Value));
        Assert.DoesNotContain(bounced.Concat(pending).Concat(left), byRecipient.ContainsKey);
        Assert.Equal(resend.Sent.Count + resend.Replays, resend.Requests);

        var email = letters.First();
        Assert.Matches("^<https://portal.example/newsletter/unsubscribe/[^>]+>$", email.Headers!["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(issue.Id.ToString(), email.Tags!["issue"]);
        Assert.Contains("<strong>rest</strong>", email.Html);
        // Links exactly as written: nothing rewritten, no pixel.
        Assert.Contains("href=\"https://practice.example/articles/rest\"", email.Html);
        Assert.DoesNotContain("<img", email.Html);

        // A new session: the Worker process's retention purge, on the real clock, ended the one made on the test clock.
        therapist = await api.TherapistSignedInAsync();
        var history = (await therapist.GetFromJsonAsync<IssueResponse[]>("/api/newsletter/issues", ct))!.Single(i => i.Id == issue.Id);
        Assert.Equal(("Queued", 1000, 1000), (history.Status, history.Recipients, history.Sent));
    }

    private static string Address(string mailbox) => mailbox[(mailbox.IndexOf('<') + 1)..mailbox.IndexOf('>')];
}

/// <summary>Newsletter:PerMinute, on its own database: its unsent remainder must not wait in anyone else's outbox.</summary>
public sealed class NewsletterThrottleTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_throttle_holds_sends_to_Newsletter_PerMinute()
    {
        await NewsletterSeeding.SubscribedAsync(api, 40, "throttled{0}@slow.example");
        await using var resend = await FakeResend.StartAsync();
        var therapist = await api.TherapistSignedInAsync();
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync("/api/newsletter/issues",
            new { subject = "Slowly", body = "One at a time.", segment = "AllSubscribers" }, ct)).StatusCode);

        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, more: new Dictionary<string, string?> { ["Newsletter:PerMinute"] = "120" });
        var started = DateTime.UtcNow;
        await worker.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var sent = resend.Sent.Count(e => e.Subject == "Slowly");
        var elapsed = DateTime.UtcNow - started;

        // 120 a minute is 2 a second: at most 2 per started second (the bucket starts full).
        Assert.InRange(sent, 1, 2 * ((int)Math.Ceiling(elapsed.TotalSeconds) + 1));
    }
}
