using Microsoft.Extensions.Options;

namespace Portal.Web.Practice;

public static class PracticeTheme
{
    /// <summary>
    /// The practice's accent colour as a stylesheet, so pages keep a strict style-src 'self' policy
    /// (an inline style attribute would need 'unsafe-inline').
    /// </summary>
    public static WebApplication MapPracticeTheme(this WebApplication app)
    {
        app.MapGet("/theme.css", (IOptionsSnapshot<PracticeProfile> profile) =>
                TypedResults.Text($":root {{ --accent: {CssColour(profile.Value.AccentColour)}; }}\n", "text/css"))
            .ExcludeFromDescription();
        return app;
    }

    // Settings are trusted, but a typo must not be able to break out of the declaration.
    private static string CssColour(string value) =>
        value.All(c => char.IsLetterOrDigit(c) || c is '#' or '(' or ')' or ',' or '.' or ' ' or '%')
            ? value
            : "#3f6b5c";
}
