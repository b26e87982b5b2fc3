namespace Portal.Web.Practice;

/// <summary>How the practice introduces itself on its pages, as the therapist set it (<c>GET api/practice/profile</c>).</summary>
public sealed record PracticeProfile
{
    /// <summary>What the pages say while the Api has never answered: plain, and true of any practice.</summary>
    public static readonly PracticeProfile Unknown = new();

    public string Name { get; init; } = "Therapy practice";
    public string TherapistName { get; init; } = "";
    public string Credentials { get; init; } = "";
    public string Tagline { get; init; } = "";
    public string Introduction { get; init; } = "";
    public string ContactEmail { get; init; } = "";

    /// <summary>The one accent colour of the practice's pages, <c>#rrggbb</c> (the Api checks it).</summary>
    public string AccentColour { get; init; } = "#3f6b5c";

    /// <summary>The practice's zone: her hours and her pages' times, until a visitor's browser tells us theirs.</summary>
    public string TimeZone { get; init; } = "Europe/London";
}
