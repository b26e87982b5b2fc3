using Portal.Core.Clients;
using Portal.Core.Newsletter;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Newsletter;

/// <summary>Subscribers put straight into a test database, in every standing.</summary>
internal static class NewsletterSeeding
{
    public static async Task<List<string>> SubscribedAsync(ApiFactory api, int count, string pattern, SubscriberStatus status = SubscriberStatus.Subscribed)
    {
        await using var db = api.OpenDb();
        var now = api.Clock.GetUtcNow();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = string.Format(pattern, i);
            var subscriber = Subscriber.For(email, $"Reader {i}", now);
            switch (status)
            {
                case SubscriberStatus.Subscribed:
                    subscriber.Subscribe(now);
                    break;
                case SubscriberStatus.Pending:
                    subscriber.AskToConfirm(now, NewsletterDesk.ConfirmationLifetime);
                    break;
                default:
                    subscriber.Subscribe(now);
                    subscriber.Unsubscribe(now);
                    break;
            }

            db.NewsletterSubscribers.Add(subscriber);
            emails.Add(email);
        }

        await db.SaveChangesAsync();
        return emails;
    }

    public static async Task SuppressAsync(ApiFactory api, IEnumerable<string> emails, SuppressionReason reason = SuppressionReason.HardBounce)
    {
        await using var db = api.OpenDb();
        db.NewsletterSuppressions.AddRange(emails.Select(e => new SuppressedAddress { EmailKey = ContactDetails.EmailKeyOf(e), Reason = reason, At = api.Clock.GetUtcNow() }));
        await db.SaveChangesAsync();
    }

    public static async Task<Client> ClientAsync(ApiFactory api, string email, Action<Client, DateTimeOffset> stage)
    {
        await using var db = api.OpenDb();
        var now = api.Clock.GetUtcNow();
        var client = Client.Register(new ContactDetails("Casey Client", email, "+447911123456"), "Europe/London", now);
        stage(client, now);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return client;
    }
}
