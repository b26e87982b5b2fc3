using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Newsletter;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Newsletter;

/// <summary>Resend's delivery events: believed only when correctly signed and recent, recorded once, bounces suppressed.</summary>
public sealed class ResendWebhookTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static string Bounce(string to, string kind = "Permanent", Guid? issue = null) => $$"""
        {"type":"email.bounced","created_at":"2026-03-02T07:00:00.000Z","data":{"email_id":"{{Guid.NewGuid()}}","created_at":"2026-03-02T06:59:00.000Z",
        "from":"Practice <hello@practice.example>","to":["{{to}}"],"subject":"News",
        "tags":[{"name":"issue","value":"{{issue ?? Guid.Empty}}"}],
        "bounce":{"message":"The recipient's mail server permanently rejected the email.","subType":"General","type":"{{kind}}"} } }
        """;

    private async Task<HttpResponseMessage> DeliverAsync(string body, string? id = null, DateTimeOffset? at = null, string? secret = null)
    {
        id ??= $"msg_{Guid.NewGuid():N}";
        var stamp = (at ?? api.Clock.GetUtcNow()).ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/resend") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", stamp);
        request.Headers.Add("svix-signature", SvixSignature.SignatureOf(secret ?? NewsletterApiFactory.WebhookSecret, id, stamp, body));
        return await api.CreateClient().SendAsync(request, ct);
    }

    private async Task<bool> SuppressedAsync(string email)
    {
        await using var db = api.OpenDb();
        return await db.NewsletterSuppressions.AnyAsync(s => s.EmailKey == email, ct);
    }

    [Fact]
    public async Task A_correctly_signed_hard_bounce_suppresses_the_address()
    {
        var issue = Guid.NewGuid();
        var response = await DeliverAsync(Bounce("Bounced <Gone@Example.com>", issue: issue));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await SuppressedAsync("gone@example.com"));
        await using var db = api.OpenDb();
        Assert.Equal(SuppressionReason.HardBounce, (await db.NewsletterSuppressions.SingleAsync(s => s.EmailKey == "gone@example.com", ct)).Reason);
        Assert.Equal(1, await db.NewsletterDeliveryEvents.CountAsync(e => e.IssueId == issue && e.Type == "email.bounced", ct));
    }

    [Fact]
    public async Task A_complaint_suppresses_and_a_soft_bounce_does_not()
    {
        var complaint = """{"type":"email.complained","created_at":"2026-03-02T07:00:00Z","data":{"email_id":"e2","to":["angry@example.com"],"tags":{"issue":"x"}}}""";

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(complaint)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(Bounce("full-mailbox@example.com", kind: "Transient"))).StatusCode);

        Assert.True(await SuppressedAsync("angry@example.com"));
        Assert.False(await SuppressedAsync("full-mailbox@example.com"));
    }

    [Fact]
    public async Task A_wrong_signature_and_a_stale_timestamp_change_nothing()
    {
        var wrong = await DeliverAsync(Bounce("wrong-sig@example.com"), secret: "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("not the secret")));
        var stale = await DeliverAsync(Bounce("stale@example.com"), at: api.Clock.GetUtcNow() - TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.False(await SuppressedAsync("wrong-sig@example.com"));
        Assert.False(await SuppressedAsync("stale@example.com"));
    }

    [Fact]
    public async Task A_replayed_svix_id_is_answered_but_recorded_once()
    {
        var id = $"msg_{Guid.NewGuid():N}";
        var issue = Guid.NewGuid();
        var body = Bounce("replayed@example.com", issue: issue);

        var first = await DeliverAsync(body, id);
        var replay = await DeliverAsync(body, id);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("already recorded", await replay.Content.ReadAsStringAsync(ct));
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.NewsletterDeliveryEvents.CountAsync(e => e.IssueId == issue, ct));
    }

    [Fact]
    public async Task Missing_headers_are_refused_with_a_problem()
    {
        var response = await api.CreateClient().PostAsync("/api/webhooks/resend",
            new StringContent(Bounce("unsigned@example.com"), Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await SuppressedAsync("unsigned@example.com"));
    }
}
