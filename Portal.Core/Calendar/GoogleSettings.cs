namespace Portal.Core.Calendar;

/// <summary>
/// Section <c>Google</c>: the OAuth client of the practice's Google Cloud project. Without both keys Google Calendar
/// cannot be connected, and the integrations page says how to set them.
/// </summary>
public sealed class GoogleSettings
{
    public const string Section = "Google";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Where Google sends her back; registered in the Google Cloud console. Default: the Web's <c>/admin/integrations/google/callback</c>.</summary>
    public Uri? RedirectUri { get; set; }

    public Uri AuthorizeEndpoint { get; set; } = new("https://accounts.google.com/o/oauth2/v2/auth");

    public Uri TokenEndpoint { get; set; } = new("https://oauth2.googleapis.com/token");

    public Uri RevokeEndpoint { get; set; } = new("https://oauth2.googleapis.com/revoke");

    /// <summary>Calendar API v3, with its trailing slash.</summary>
    public Uri CalendarApi { get; set; } = new("https://www.googleapis.com/calendar/v3/");

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>Events she can read and write, and the list of her calendars to choose from; nothing more.</summary>
    public static readonly string[] Scopes =
    [
        "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
    ];

    public const string HowToConfigure =
        "Google Calendar is not set up for this portal yet. Set Google:ClientId and Google:ClientSecret (the OAuth client of a " +
        "Google Cloud project with the Calendar API enabled, of type \"Web application\"), register this portal's " +
        "/admin/integrations/google/callback address as its redirect URI, and restart.";
}
