using System.Net;
using System.Net.Http.Json;
using Portal.Api.Newsletter;
using Portal.Core.Newsletter;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Newsletter;

/// <summary>The therapist's side: segments, drafts checked, preview, a test to herself, history with counts.</summary>
public sealed class NewsletterAdminTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Segments_count_only_confirmed_unsuppressed_subscribers_by_client_stage()
    {
        var therapist = await api.TherapistSignedInAsync();
        var before = (await therapist.GetFromJsonAsync<SegmentResponse[]>("/api/newsletter/segments", ct))!.ToDictionary(s => s.Segment, s => s.Subscribers);
        await NewsletterSeeding.ClientAsync(api, "seg-prospect@example.com", (c, now) => c.DiscoveryCallBooked(now));
        await NewsletterSeeding.ClientAsync(api, "seg-active@example.com", (c, now) => { c.CompleteDiscovery(now); c.BecomeActive(now); });
        await NewsletterSeeding.ClientAsync(api, "seg-past@example.com", (c, now) => { c.CompleteDiscovery(now); c.BecomeActive(now); c.MarkInactive(now); });
        await NewsletterSeeding.SubscribedAsync(api, 1, "seg-prospect@example.com");
        await NewsletterSeeding.SubscribedAsync(api, 1, "seg-active@example.com");
        await NewsletterSeeding.SubscribedAsync(api, 1, "seg-past@example.com");
        await NewsletterSeeding.SubscribedAsync(api, 2, "seg-stranger{0}@example.com");
        await NewsletterSeeding.SubscribedAsync(api, 1, "seg-waiting@example.com", SubscriberStatus.Pending);
        var suppressed = await NewsletterSeeding.SubscribedAsync(api, 1, "seg-bounced@example.com");
        await NewsletterSeeding.SuppressAsync(api, suppressed);

        var after = (await therapist.GetFromJsonAsync<SegmentResponse[]>("/api/newsletter/segments", ct))!.ToDictionary(s => s.Segment, s => s.Subscribers);

        int Added(string segment) => after[segment] - before[segment];
        Assert.Equal(5, Added("AllSubscribers"));
        Assert.Equal(1, Added("Prospects"));
        Assert.Equal(1, Added("ActiveClients"));
        Assert.Equal(1, Added("PastClients"));
        Assert.Equal(2, Added("NotClients"));
    }

    [Fact]
    public async Task A_draft_without_subject_or_body_or_with_an_unknown_segment_or_a_past_time_is_sent_back()
    {
        var therapist = await api.TherapistSignedInAsync();

        var response = await therapist.PostAsJsonAsync("/api/newsletter/issues",
            new { subject = " ", body = "", segment = "Everyone", sendAt = api.Clock.GetUtcNow().AddDays(-1) }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.All(new[] { "subject", "body", "segment", "sendAt" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
    }

    [Fact]
    public async Task The_preview_renders_markdown_with_raw_html_escaped_and_links_as_written()
    {
        var therapist = await api.TherapistSignedInAsync();

        var preview = await (await therapist.PostAsJsonAsync("/api/newsletter/preview",
            new { subject = "Hi", body = "# Autumn\n\nBe *gentle*. <script>alert(1)</script> [Book](https://practice.example/book)" }, ct))
            .Content.ReadFromJsonAsync<PreviewResponse>(ct);

        Assert.Contains("<h1", preview!.Html);
        Assert.Contains("<em>gentle</em>", preview.Html);
        Assert.Contains("&lt;script&gt;", preview.Html);
        Assert.Contains("href=\"https://practice.example/book\"", preview.Html);
        Assert.DoesNotContain("<script>", preview.Html);
    }

    [Fact]
    public async Task A_scheduled_issue_waits_for_its_time_and_history_counts_what_came_of_it()
    {
        var therapist = await api.TherapistSignedInAsync();
        var readers = await NewsletterSeeding.SubscribedAsync(api, 3, "hist{0}@counted.example");
        await using var resend = await FakeResend.StartAsync();
        var later = api.Clock.GetUtcNow().AddDays(2);

        var created = await therapist.PostAsJsonAsync("/api/newsletter/issues",
            new { subject = "Later letter", body = "Soon.", segment = "NotClients", sendAt = later }, ct);
        var issue = (await created.Content.ReadFromJsonAsync<IssueResponse>(ct))!;
        Assert.Equal(("Scheduled", later), (issue.Status, issue.SendAt));

        await using (var early = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock))
        {
            await early.DrainAsync(ct);
        }

        Assert.DoesNotContain(resend.Sent, e => e.Subject == "Later letter");
        api.Clock.Advance(TimeSpan.FromDays(2));
        await using (var onTime = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock))
        {
            await onTime.DrainUntilSettledAsync(api.DatabaseConnectionString, TimeSpan.FromSeconds(30));
        }

        var letters = resend.Sent.Where(e => e.Subject == "Later letter").ToList();
        Assert.True(letters.Count >= 3);
        var token = letters.Single(e => e.To.Single().Contains(readers[0])).Headers!["List-Unsubscribe"].Split("/newsletter/unsubscribe/")[1].TrimEnd('>');
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().PostAsJsonAsync("/api/newsletter/unsubscribe",
            new { token = Uri.UnescapeDataString(token), oneClick = true }, ct)).StatusCode);

        var history = (await therapist.GetFromJsonAsync<IssueResponse[]>("/api/newsletter/issues", ct))!.Single(i => i.Id == issue.Id);
        Assert.Equal(("Queued", letters.Count, 1), (history.Status, history.Sent, history.Unsubscribed));
        Assert.Equal(history.Recipients, history.Sent);
    }

    [Fact]
    public async Task A_test_goes_to_the_therapist_only_marked_as_a_test_and_without_an_unsubscribe_link()
    {
        var therapist = await api.TherapistSignedInAsync();
        await using var resend = await FakeResend.StartAsync();

        var response = await therapist.PostAsJsonAsync("/api/newsletter/test", new { subject = "Draft", body = "Just *me*." }, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var to = (await response.Content.ReadFromJsonAsync<TestSent>(ct))!.To;
        await using (var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock))
        {
            await worker.DrainUntilSettledAsync(api.DatabaseConnectionString, TimeSpan.FromSeconds(30));
        }

        var test = Assert.Single(resend.Sent, e => e.Subject == "[Test] Draft");
        Assert.Contains(to, test.To.Single());
        Assert.Null(test.Headers);
        Assert.Contains("<em>me</em>", test.Html);
    }
}
