namespace Portal.Worker.Emails;

/// <summary>
/// What an email says, independent of how it is drawn: the layout renders it as HTML, and the same document
/// becomes the plain-text part, so the two never drift apart.
/// </summary>
public sealed record EmailDocument
{
    public required EmailRecipient To { get; init; }

    public required string Subject { get; init; }

    /// <summary>The line inboxes show after the subject.</summary>
    public required string Preheader { get; init; }

    public required string Greeting { get; init; }

    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>The facts, one per row: when, how long, where.</summary>
    public IReadOnlyList<EmailDetail> Details { get; init; } = [];

    public EmailButton? Button { get; init; }

    /// <summary>Quieter lines after the button: policies, "if this was not you".</summary>
    public IReadOnlyList<string> SmallPrint { get; init; } = [];

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>
    /// A body already made HTML by the portal itself (a newsletter's Markdown, raw HTML escaped), drawn after the
    /// paragraphs; <see cref="Paragraphs"/> then carry its plain-text form.
    /// </summary>
    public string? TrustedHtml { get; init; }

    /// <summary>For newsletters: the reader's own unsubscribe page, linked at the foot of the email.</summary>
    public Uri? UnsubscribeUrl { get; init; }
}

public sealed record EmailRecipient(string Address, string Name, string TimeZone);

public sealed record EmailDetail(string Label, string Value, Uri? Link = null);

public sealed record EmailButton(string Label, Uri Url);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
