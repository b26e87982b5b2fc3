namespace Portal.Web.Practice;

/// <summary>How the practice introduces itself on the public pages (section <c>Practice</c> in settings).</summary>
public sealed class PracticeProfile
{
    public string Name { get; set; } = "Therapy practice";
    public string TherapistName { get; set; } = "";
    public string Credentials { get; set; } = "";
    public string Tagline { get; set; } = "";
    public string Introduction { get; set; } = "";
    public string ContactEmail { get; set; } = "";

    /// <summary>The one accent colour of the practice's pages (a CSS colour).</summary>
    public string AccentColour { get; set; } = "#3f6b5c";

    /// <summary>The zone times are shown in until the visitor's browser tells us theirs.</summary>
    public string TimeZone { get; set; } = "Europe/London";
}

public static class PracticeProfileRegistration
{
    public static IHostApplicationBuilder AddPracticeProfile(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PracticeProfile>(builder.Configuration.GetSection("Practice"));
        return builder;
    }
}
