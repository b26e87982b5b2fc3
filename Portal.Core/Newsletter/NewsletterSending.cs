using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Core.Newsletter;

/// <summary>
/// The therapist's side of the newsletter: drafts checked, issues scheduled, tests sent. At its time an issue is fanned
/// out into one outbox message per recipient, each with its own key, in the Worker's newsletter lane: a crash in the
/// middle leaves the rest owed and nothing sent twice.
/// </summary>
public sealed class NewsletterSending(PortalDb db, SideEffects effects, UnsubscribeTokens tokens, TimeProvider clock)
{
    /// <summary>How far ahead an issue may be scheduled.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    public IDictionary<string, string[]>? Validate(string? subject, string? markdown, string? segment, DateTimeOffset? sendAt)
    {
        var errors = ValidateDraft(subject, markdown);
        if (!Enum.TryParse<NewsletterSegment>(segment, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(segment, out _))
        {
            errors["segment"] = [$"Choose who it goes to: {string.Join(", ", Enum.GetNames<NewsletterSegment>())}."];
        }

        var now = clock.GetUtcNow();
        if (sendAt < now - TimeSpan.FromMinutes(5) || sendAt > now + Horizon)
        {
            errors["sendAt"] = ["Choose a time from now to a year ahead, or send it now."];
        }

        return errors.Count > 0 ? errors : null;
    }

    public static Dictionary<string, string[]> ValidateDraft(string? subject, string? markdown)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(subject) || subject.Trim().Length > NewsletterIssue.MaxSubjectLength)
        {
            errors["subject"] = [$"Please write a subject of up to {NewsletterIssue.MaxSubjectLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(markdown) || markdown.Length > NewsletterIssue.MaxMarkdownLength)
        {
            errors["body"] = [$"Please write the newsletter (up to {NewsletterIssue.MaxMarkdownLength:N0} characters)."];
        }

        return errors;
    }

    /// <summary>Keeps the issue and owes its fan-out at <paramref name="sendAt"/> (now when null). Validate first.</summary>
    public async Task<NewsletterIssue> ScheduleAsync(
        string subject, string markdown, NewsletterSegment segment, DateTimeOffset? sendAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var issue = NewsletterIssue.Compose(subject, markdown, segment, sendAt ?? now, now);
        db.NewsletterIssues.Add(issue);
        effects.Enqueue(OutboxTypes.NewsletterFanOut, new NewsletterFanOut(issue.Id), $"newsletter-issue:{issue.Id:N}", issue.SendAt);
        await db.SaveChangesAsync(cancellationToken);
        return issue;
    }

    public async Task SendTestAsync(string to, string subject, string markdown, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        effects.Enqueue(OutboxTypes.NewsletterTest, new NewsletterTest(to, subject.Trim(), markdown),
            $"newsletter-test:{Guid.CreateVersion7(now):N}", lane: OutboxLanes.Newsletter);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Chooses the issue's recipients now and writes one email each into the caller's unit of work (the Worker's
    /// outcome transaction): all of them or, if it rolls back, none.
    /// </summary>
    /// <returns>How many, or null when the issue is gone or already fanned out.</returns>
    public async Task<int?> FanOutAsync(Guid issueId, CancellationToken cancellationToken)
    {
        var issue = await db.NewsletterIssues.SingleOrDefaultAsync(i => i.Id == issueId, cancellationToken);
        if (issue is null || issue.QueuedAt is not null)
        {
            return null;
        }

        var recipients = await db.Recipients(issue.Segment).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var subscriber in recipients)
        {
            effects.Enqueue(OutboxTypes.NewsletterEmail, new NewsletterEmail(issue.Id, subscriber, tokens.For(subscriber, issue.Id)),
                $"newsletter:{issue.Id:N}:{subscriber:N}", lane: OutboxLanes.Newsletter);
        }

        issue.Queued(clock.GetUtcNow(), recipients.Count);
        return recipients.Count;
    }

    public async Task<IReadOnlyList<SegmentSize>> SegmentSizesAsync(CancellationToken cancellationToken)
    {
        var sizes = new List<SegmentSize>();
        foreach (var (segment, label) in NewsletterSegments.Labels)
        {
            sizes.Add(new SegmentSize(segment, label, await db.Recipients(segment).CountAsync(cancellationToken)));
        }

        return sizes;
    }

    /// <summary>Every issue, newest first, with what came of it. Nothing here comes from pixels or rewritten links: there are none.</summary>
    public async Task<IReadOnlyList<IssueHistory>> HistoryAsync(CancellationToken cancellationToken)
    {
        var issues = await db.NewsletterIssues.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var ids = issues.Select(i => i.Id).ToList();
        var outcomes = await db.NewsletterRecipients.Where(r => ids.Contains(r.IssueId) && r.Outcome == RecipientOutcome.Sent)
            .GroupBy(r => r.IssueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var events = await db.NewsletterDeliveryEvents.Where(e => e.IssueId != null && ids.Contains(e.IssueId.Value))
            .GroupBy(e => new { e.IssueId, e.Type }).Select(g => new { g.Key.IssueId, g.Key.Type, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var unsubscribed = await db.NewsletterConsents.Where(c => c.IssueId != null && ids.Contains(c.IssueId.Value) && c.Action == ConsentAction.Withdrawn)
            .GroupBy(c => c.IssueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count, cancellationToken);
        int Events(Guid issue, string type) => events.Where(e => e.IssueId == issue && e.Type == type).Sum(e => e.Count);
        return [.. issues.Select(i => new IssueHistory(
            i, outcomes.GetValueOrDefault(i.Id), Events(i.Id, "email.delivered"), Events(i.Id, "email.bounced"),
            Events(i.Id, "email.complained"), unsubscribed.GetValueOrDefault(i.Id)))];
    }
}

public sealed record SegmentSize(NewsletterSegment Segment, string Label, int Subscribers);

public sealed record IssueHistory(NewsletterIssue Issue, int Sent, int Delivered, int Bounced, int Complained, int Unsubscribed);
