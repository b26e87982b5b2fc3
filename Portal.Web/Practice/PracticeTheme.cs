namespace Portal.Web.Practice;

public static class PracticeTheme
{
    /// <summary>
    /// The practice's accent colour as a stylesheet, so pages keep a strict style-src 'self' policy
    /// (an inline style attribute would need 'unsafe-inline').
    /// </summary>
    public static WebApplication MapPracticeTheme(this WebApplication app)
    {
        app.MapGet("/theme.css", (PracticeProfiles profile) =>
                TypedResults.Text($":root {{ --accent: {CssColour(profile.Value.AccentColour)}; }}\n", "text/css"))
            .ExcludeFromDescription();
        return app;
    }

    // The Api checks the colour; checked again here, since a stylesheet is no place to trust another service's text.
    private static string CssColour(string value) =>
        value is ['#', .. var hex] && hex.Length == 6 && hex.All(char.IsAsciiHexDigit) ? value : PracticeProfile.Unknown.AccentColour;
}
