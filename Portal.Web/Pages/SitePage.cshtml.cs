using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages;

/// <summary>
/// A text of the site from the CMS (about, privacy, fees, cancellation). When the CMS cannot answer, the page shows
/// the practice's own words for it (the privacy notice always exists: the booking form asks for consent to it).
/// </summary>
public sealed class SitePageModel(SiteContent api, PortalApiClient portal, ILogger<SitePageModel> logger) : PageModel
{
    public static readonly Dictionary<string, SitePageView> Fallbacks = new()
    {
        ["about"] = new("about", "About", "Who the practice is and how it works.",
            "<p>The practice offers talking therapy for adults, online. The first step is a free twenty-minute discovery call.</p>", null, null),
        ["privacy"] = new("privacy", "Privacy notice", "How the practice uses, keeps and protects your personal information.",
            "<p>The practice keeps your name, email address and phone number only to arrange and hold sessions with you, and notes of sessions to provide your care. "
            + "Nothing is shared with anyone else, and nothing is used for advertising.</p>"
            + "<h2>Your rights</h2><p>You can ask for a copy of your data, ask for it to be corrected, or close your account at any time from your own page.</p>"
            + "<h2>How long it is kept</h2><p>Records are kept only as long as the law and professional guidance require, then deleted.</p>", null, null),
        ["fees"] = new("fees", "Fees", "What sessions cost.", "<p>The discovery call is free. The fee of each session is shown when you book.</p>", null, null),
        ["cancellation"] = new("cancellation", "Cancellation policy", "How to cancel or move a session.",
            "<p>You can cancel or move a session from your own page until the cancellation window the practice sets.</p>", null, null),
    };

    public SitePageView Text { get; private set; } = null!;

    /// <summary>On the privacy notice: the years the records kept by law stay after an erasure, as the Api is set (null: it did not say).</summary>
    public int? RetentionYears { get; private set; }

    public bool IsPrivacyNotice => Text.Key == "privacy";

    public async Task OnGetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Text = await api.SitePageAsync(key, cancellationToken) ?? Fallbacks[key];
        }
        catch (CmsUnavailable exception)
        {
            logger.LogWarning(exception, "The site text {Key} could not be read: showing the built-in words", key);
            Text = Fallbacks[key];
        }

        if (IsPrivacyNotice)
        {
            RetentionYears = await portal.ClinicalRetentionYearsAsync(cancellationToken);
        }
    }
}
