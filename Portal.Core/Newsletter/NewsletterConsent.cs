using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Newsletter;

public enum ConsentAction
{
    /// <summary>Asked to join (a form, the booking box); not consent yet: the address has not answered.</summary>
    Requested,

    /// <summary>The address followed its confirmation link: consent given.</summary>
    Confirmed,

    /// <summary>A signed-in client chose it on their page (their address is proven by their sign-in).</summary>
    Chosen,

    /// <summary>Brought over from a Mailchimp audience where it was subscribed (the consent was given there).</summary>
    Imported,

    Withdrawn,
}

/// <summary>
/// Every step of an address's consent to the newsletter, kept as it happened: what, when and how (the form, the link,
/// the one-click header). The subscriber row says where things stand; these say how they got there.
/// </summary>
public sealed class NewsletterConsent
{
    private NewsletterConsent()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid SubscriberId { get; private set; }

    public ConsentAction Action { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>How: "newsletter form", "booking form", "confirmation link", "one-click unsubscribe", "mailchimp import"…</summary>
    public string Source { get; private set; } = "";

    /// <summary>The newsletter issue an unsubscribe came from, for its counts.</summary>
    public Guid? IssueId { get; private set; }

    public static NewsletterConsent Of(Subscriber subscriber, ConsentAction action, string source, DateTimeOffset at, Guid? issueId = null) => new()
    {
        SubscriberId = subscriber.Id,
        Action = action,
        Source = source,
        At = at,
        IssueId = issueId,
    };
}

internal sealed class NewsletterConsentConfiguration : IEntityTypeConfiguration<NewsletterConsent>
{
    public void Configure(EntityTypeBuilder<NewsletterConsent> consent)
    {
        consent.ToTable("newsletter_consents");
        consent.HasKey(c => c.Id);
        consent.HasOne<Subscriber>().WithMany().HasForeignKey(c => c.SubscriberId).OnDelete(DeleteBehavior.Cascade);
        consent.HasIndex(c => new { c.SubscriberId, c.At });
        consent.HasIndex(c => c.IssueId).HasFilter("issue_id IS NOT NULL");
        consent.Property(c => c.Action).HasConversion<string>().HasMaxLength(16);
        consent.Property(c => c.Source).HasMaxLength(40);
    }
}
