namespace Portal.Worker.Newsletter;

/// <summary>Section <c>Newsletter</c>.</summary>
public sealed class NewsletterOptions
{
    /// <summary>
    /// At most this many newsletter emails leave one Worker per minute (spread evenly, second by second), so a list of
    /// thousands stays inside the provider's rate limit and warms the sending domain gently.
    /// </summary>
    public int PerMinute { get; set; } = 600;
}
