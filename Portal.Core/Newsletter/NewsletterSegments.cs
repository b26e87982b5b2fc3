using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Core.Newsletter;

public static class NewsletterSegments
{
    public static readonly IReadOnlyDictionary<NewsletterSegment, string> Labels = new Dictionary<NewsletterSegment, string>
    {
        [NewsletterSegment.AllSubscribers] = "Everyone subscribed",
        [NewsletterSegment.Prospects] = "Prospects (before regular sessions)",
        [NewsletterSegment.ActiveClients] = "Active clients",
        [NewsletterSegment.PastClients] = "Past clients",
        [NewsletterSegment.NotClients] = "Subscribers who are not clients",
    };

    private static readonly ClientStage[] ProspectStages = [ClientStage.Prospect, ClientStage.DiscoveryBooked, ClientStage.DiscoveryCompleted];

    /// <summary>The subscribers a segment reaches now: confirmed, not suppressed, and matching the client stage it names.</summary>
    public static IQueryable<Subscriber> Recipients(this PortalDb db, NewsletterSegment segment)
    {
        var subscribed = db.NewsletterSubscribers.Where(s => s.Status == SubscriberStatus.Subscribed
            && !db.NewsletterSuppressions.Any(x => x.EmailKey == s.EmailKey));
        return segment switch
        {
            NewsletterSegment.AllSubscribers => subscribed,
            NewsletterSegment.NotClients => subscribed.Where(s => !db.Clients.Any(c => c.EmailKey == s.EmailKey)),
            NewsletterSegment.Prospects => subscribed.Where(s => db.Clients.Any(c => c.EmailKey == s.EmailKey && ProspectStages.Contains(c.Stage))),
            NewsletterSegment.ActiveClients => subscribed.Where(s => db.Clients.Any(c => c.EmailKey == s.EmailKey && c.Stage == ClientStage.Active)),
            NewsletterSegment.PastClients => subscribed.Where(s => db.Clients.Any(c => c.EmailKey == s.EmailKey && c.Stage == ClientStage.Inactive)),
            _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
        };
    }
}
