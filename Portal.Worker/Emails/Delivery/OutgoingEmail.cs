namespace Portal.Worker.Emails.Delivery;

/// <summary>A rendered email, ready for any provider.</summary>
public sealed record OutgoingEmail(
    string From,
    EmailRecipient To,
    string? ReplyTo,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailAttachment> Attachments,
    string Template);

/// <summary>One way of sending email: Resend, SMTP, or a folder on disk.</summary>
public interface IEmailSender
{
    string Name { get; }

    /// <param name="idempotencyKey">The same key is the same email: a provider that has it already must not send it again.</param>
    Task<SendResult> SendAsync(OutgoingEmail email, string idempotencyKey, CancellationToken cancellationToken);
}

public abstract record SendResult
{
    public sealed record Sent(string Provider, string? ProviderId) : SendResult;

    /// <summary>Worth trying again later (a 5xx, a 429, a timeout), no sooner than <paramref name="RetryAfter"/>.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult;

    /// <summary>The provider refused this email for good (bad address, rejected content, bad key).</summary>
    public sealed record Permanent(string Error) : SendResult;
}
