namespace Portal.Worker.Emails.Delivery;

/// <summary>A rendered email, ready for any provider.</summary>
/// <param name="Headers">Extra headers, e.g. a newsletter's List-Unsubscribe pair.</param>
/// <param name="Tags">Extra tags for the provider (beside the template's), echoed back in its delivery events.</param>
public sealed record OutgoingEmail(
    string From,
    EmailRecipient To,
    string? ReplyTo,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailAttachment> Attachments,
    string Template,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? Tags = null);

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
