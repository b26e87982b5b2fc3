namespace Portal.Worker.Emails.Delivery;

/// <summary>Section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    /// <summary>The sender, e.g. <c>Quiet Harbour Therapy &lt;hello@quietharbour.example&gt;</c> (a domain the provider has verified).</summary>
    public string From { get; set; } = "Quiet Harbour Therapy <hello@quietharbour.example>";

    /// <summary>Where replies go; empty for the sender.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>
    /// Development without a provider: each email is written here as <c>.eml</c> (and <c>.html</c>) instead of sent.
    /// </summary>
    public string? PickupDirectory { get; set; }
}

/// <summary>Section <c>Resend</c>.</summary>
public sealed class ResendOptions
{
    public string? ApiKey { get; set; }

    public Uri BaseUrl { get; set; } = new("https://api.resend.com/");
}

/// <summary>Section <c>Smtp</c>: the fallback when Resend is not configured or refuses an email for good.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>MailKit's <c>SecureSocketOptions</c>: Auto, None, StartTls, SslOnConnect…</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.Auto;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
