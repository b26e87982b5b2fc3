namespace Portal.Core.Crm;

/// <summary>Section <c>Twenty</c>: the practice's Twenty CRM. Without both values nothing is synced (and nothing is owed).</summary>
public sealed class TwentySettings
{
    public const string Section = "Twenty";

    /// <summary>Twenty's address, e.g. <c>http://localhost:3000/</c> (its REST API is under <c>rest/</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An API key made in Twenty's Settings → APIs &amp; Webhooks.</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => BaseUrl is not null && !string.IsNullOrWhiteSpace(ApiKey);
}
