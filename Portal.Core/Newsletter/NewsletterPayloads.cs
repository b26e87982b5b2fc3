namespace Portal.Core.Newsletter;

/// <summary>At its time, an issue's recipients are chosen and one <see cref="NewsletterEmail"/> each is written.</summary>
public sealed record NewsletterFanOut(Guid IssueId);

/// <summary>One issue to one subscriber: its own outbox message, its own idempotency key.</summary>
/// <param name="UnsubscribeToken">
/// Made once, at fan-out: every attempt then sends byte-for-byte the same email, as Resend's idempotency needs (a token
/// made afresh per attempt would differ, its encryption being randomised).
/// </param>
public sealed record NewsletterEmail(Guid IssueId, Guid SubscriberId, string UnsubscribeToken);

/// <summary>"Send a test to me": the draft as it stands, to the therapist only, with no unsubscribe token of anyone's.</summary>
public sealed record NewsletterTest(string To, string Subject, string Markdown);
