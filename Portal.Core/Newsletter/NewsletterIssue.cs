using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Newsletter;

/// <summary>Who a newsletter goes to: always only confirmed subscribers, never a suppressed address.</summary>
public enum NewsletterSegment
{
    AllSubscribers,

    /// <summary>Clients who have not started regular sessions: prospects, discovery call booked or done.</summary>
    Prospects,

    ActiveClients,

    /// <summary>Clients marked inactive.</summary>
    PastClients,

    /// <summary>Subscribers the practice has no client record for.</summary>
    NotClients,
}

/// <summary>One newsletter: what it says, to whom, and when it goes.</summary>
public sealed class NewsletterIssue
{
    private NewsletterIssue()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string Subject { get; private set; } = "";

    /// <summary>The body as she wrote it (Markdown); rendered into the branded layout for each recipient.</summary>
    public string Markdown { get; private set; } = "";

    public NewsletterSegment Segment { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Not before this time (now, for "send now").</summary>
    public DateTimeOffset SendAt { get; private set; }

    /// <summary>When its recipients were chosen and one email each was put in the outbox; null while it waits.</summary>
    public DateTimeOffset? QueuedAt { get; private set; }

    public int? RecipientCount { get; private set; }

    public static NewsletterIssue Compose(string subject, string markdown, NewsletterSegment segment, DateTimeOffset sendAt, DateTimeOffset now) => new()
    {
        Subject = subject.Trim(),
        Markdown = markdown,
        Segment = segment,
        CreatedAt = now,
        SendAt = sendAt < now ? now : sendAt,
    };

    public void Queued(DateTimeOffset now, int recipients)
    {
        QueuedAt = now;
        RecipientCount = recipients;
    }

    public const int MaxSubjectLength = 150;
    public const int MaxMarkdownLength = 50_000;
}

public enum RecipientOutcome
{
    Sent,

    /// <summary>Left out at sending time: unsubscribed or suppressed after the issue was queued.</summary>
    Skipped,
}

/// <summary>What became of one issue for one subscriber; written with the outcome of its outbox message.</summary>
public sealed class NewsletterRecipient
{
    public required Guid IssueId { get; init; }

    public required Guid SubscriberId { get; init; }

    public required RecipientOutcome Outcome { get; init; }

    public DateTimeOffset At { get; init; }
}

internal sealed class NewsletterIssueConfiguration : IEntityTypeConfiguration<NewsletterIssue>, IEntityTypeConfiguration<NewsletterRecipient>
{
    public void Configure(EntityTypeBuilder<NewsletterIssue> issue)
    {
        issue.ToTable("newsletter_issues");
        issue.HasKey(i => i.Id);
        issue.Property(i => i.Subject).HasMaxLength(NewsletterIssue.MaxSubjectLength);
        issue.Property(i => i.Markdown).HasMaxLength(NewsletterIssue.MaxMarkdownLength);
        issue.Property(i => i.Segment).HasConversion<string>().HasMaxLength(24);
        issue.HasIndex(i => i.CreatedAt);
    }

    public void Configure(EntityTypeBuilder<NewsletterRecipient> recipient)
    {
        recipient.ToTable("newsletter_recipients");
        recipient.HasKey(r => new { r.IssueId, r.SubscriberId });
        recipient.HasOne<NewsletterIssue>().WithMany().HasForeignKey(r => r.IssueId).OnDelete(DeleteBehavior.Cascade);
        recipient.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
    }
}
