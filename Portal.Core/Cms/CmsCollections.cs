namespace Portal.Core.Cms;

/// <summary>
/// The Directus collections the Portal owns (their shape is the snapshot the <c>cms-schema</c> step applies), and what
/// Directus and the Api agree on for the webhook that tells the Api something changed.
/// </summary>
public static class CmsCollections
{
    public const string Articles = "articles";
    public const string PodcastEpisodes = "podcast_episodes";
    public const string SitePages = "site_pages";
    public const string FaqEntries = "faq_entries";

    public static readonly string[] All = [Articles, PodcastEpisodes, SitePages, FaqEntries];

    /// <summary>The header the Flow sends the shared secret in; the Api compares it in constant time.</summary>
    public const string WebhookSecretHeader = "X-Portal-Webhook-Secret";

    /// <summary>The name of the Flow the schema step creates (and finds again by it).</summary>
    public const string FlowName = "Portal: tell the Api about changes";

    /// <summary>The keyed texts of the site (site_pages.key).</summary>
    public static class PageKeys
    {
        public const string Home = "home";
        public const string About = "about";
        public const string Privacy = "privacy";
        public const string Fees = "fees";
        public const string Cancellation = "cancellation";

        public static readonly string[] All = [Home, About, Privacy, Fees, Cancellation];
    }
}
