using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Newsletter;
using Portal.Core.Outbox;
using Portal.Worker.Emails;
using Portal.Worker.Emails.Delivery;
using Portal.Worker.Outbox;

namespace Portal.Worker.Newsletter;

/// <summary>At an issue's time: its recipients chosen and one email each owed, in the transaction that marks this done.</summary>
public sealed class NewsletterFanOutHandler(NewsletterSending sending) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var count = await sending.FanOutAsync(message.Read<NewsletterFanOut>().IssueId, cancellationToken);
        return new DispatchResult.Done(count is null ? "the issue is gone or already queued" : $"{count} newsletter email(s) queued");
    }
}

/// <summary>
/// One issue to one subscriber, with the message's own key as Resend's idempotency key: a Worker killed mid-send
/// leaves the message owed, and the repeat is answered by Resend without a second email. Whoever left the list or was
/// suppressed since the issue was queued is skipped.
/// </summary>
public sealed class NewsletterEmailHandler(NewsletterComposer composer, EmailDelivery delivery, NewsletterThrottle throttle, TimeProvider clock)
    : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<NewsletterEmail>();
        var issue = await db.NewsletterIssues.AsNoTracking().SingleOrDefaultAsync(i => i.Id == request.IssueId, cancellationToken);
        var subscriber = await db.NewsletterSubscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SubscriberId, cancellationToken);
        if (issue is null || subscriber is null)
        {
            return new DispatchResult.Done("the issue or the subscriber is gone");
        }

        if (subscriber.Status != SubscriberStatus.Subscribed
            || await db.NewsletterSuppressions.AnyAsync(s => s.EmailKey == subscriber.EmailKey, cancellationToken))
        {
            return Recorded(RecipientOutcome.Skipped, "unsubscribed or suppressed since the issue was queued");
        }

        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var email = await composer.ComposeAsync(issue.Subject, issue.Markdown,
            new EmailRecipient(subscriber.Email, subscriber.Name, practice.TimeZone), practice, request.UnsubscribeToken, issue.Id);
        await throttle.WaitTurnAsync(cancellationToken);
        return await delivery.SendAsync(email, message.DeduplicationKey, cancellationToken) switch
        {
            SendResult.Sent => Recorded(RecipientOutcome.Sent, null),
            SendResult.Transient transient => new DispatchResult.RetryLater(transient.Error, transient.RetryAfter),
            SendResult.Permanent permanent => new DispatchResult.GiveUp(permanent.Error),
            var other => throw new InvalidOperationException($"Unknown send result {other}."),
        };

        DispatchResult Recorded(RecipientOutcome outcome, string? note) => new DispatchResult.Done(note)
        {
            Then = async ct =>
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO newsletter_recipients (issue_id, subscriber_id, outcome, at)
                    VALUES ({request.IssueId}, {request.SubscriberId}, {outcome.ToString()}, {clock.GetUtcNow()})
                    ON CONFLICT (issue_id, subscriber_id) DO NOTHING
                    """, ct);
                return null;
            },
        };
    }
}

/// <summary>The draft to the therapist herself, exactly as readers will get it (without anyone's unsubscribe token).</summary>
public sealed class NewsletterTestHandler(NewsletterComposer composer, EmailDelivery delivery) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var test = message.Read<NewsletterTest>();
        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var email = await composer.ComposeAsync($"[Test] {test.Subject}", test.Markdown,
            new EmailRecipient(test.To, practice.TherapistName, practice.TimeZone), practice, unsubscribeToken: null, issueId: null);
        return await delivery.SendAsync(email, message.DeduplicationKey, cancellationToken) switch
        {
            SendResult.Sent => new DispatchResult.Done(),
            SendResult.Transient transient => new DispatchResult.RetryLater(transient.Error, transient.RetryAfter),
            SendResult.Permanent permanent => new DispatchResult.GiveUp(permanent.Error),
            var other => throw new InvalidOperationException($"Unknown send result {other}."),
        };
    }
}
