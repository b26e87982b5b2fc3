using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Core.Newsletter;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Newsletter;

/// <summary>The Api with Resend's webhook secret set, and helpers to follow the newsletter's emails as a reader would.</summary>
public sealed class NewsletterApiFactory(TestServers servers) : ApiFactory(servers)
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string>(DefaultSettings) { ["Resend:WebhookSecret"] = WebhookSecret };

    public Task<HttpResponseMessage> SubscribeAsync(HttpClient http, string email, string? name = null) =>
        http.PostAsJsonAsync("/api/newsletter/subscriptions", new { email, name }, TestContext.Current.CancellationToken);

    /// <summary>Every confirmation email to <paramref name="email"/> still holding its token (not yet sent), newest first, with its token decrypted as the Worker does.</summary>
    public async Task<List<string>> ConfirmationTokensAsync(string email)
    {
        await using var db = OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.DeduplicationKey.StartsWith("newsletter-confirm:"))
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Payload).ToListAsync(TestContext.Current.CancellationToken);
        var protector = Services.GetRequiredService<LinkProtector>();
        return [.. payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<NewsletterConfirmationEmail>()
            .Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase) && m.ProtectedToken.Length > 0)
            .Select(m => protector.Unprotect(m.ProtectedToken))];
    }

    public async Task<Subscriber?> SubscriberAsync(string email)
    {
        await using var db = OpenDb();
        return await db.NewsletterSubscribers.AsNoTracking().SingleOrDefaultAsync(s => s.EmailKey == email.ToLowerInvariant());
    }

    public async Task<List<NewsletterConsent>> ConsentsAsync(Guid subscriberId)
    {
        await using var db = OpenDb();
        return await db.NewsletterConsents.AsNoTracking().Where(c => c.SubscriberId == subscriberId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync();
    }

    public string UnsubscribeToken(Guid subscriberId, Guid? issueId = null) =>
        Services.GetRequiredService<UnsubscribeTokens>().For(subscriberId, issueId);
}
