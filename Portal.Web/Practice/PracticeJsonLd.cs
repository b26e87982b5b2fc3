using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Portal.Web.Api;

namespace Portal.Web.Practice;

/// <summary>schema.org data about the practice and what it offers, for search engines.</summary>
public static class PracticeJsonLd
{
    // The default encoder escapes '<' and '>', so nothing inside can close the script element.
    public static IHtmlContent For(PracticeProfile practice, string? url, IEnumerable<SessionTypeView> sessionTypes)
    {
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ProfessionalService",
            ["name"] = practice.Name,
            ["description"] = practice.Tagline,
            ["url"] = url,
            ["email"] = practice.ContactEmail,
            ["founder"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = practice.TherapistName },
            ["makesOffer"] = sessionTypes.Select(type => new Dictionary<string, object?>
            {
                ["@type"] = "Offer",
                ["price"] = (type.PriceMinorUnits / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                ["priceCurrency"] = type.Currency,
                ["itemOffered"] = new Dictionary<string, object?>
                {
                    ["@type"] = "Service",
                    ["name"] = type.Name,
                    ["description"] = type.Description,
                },
            }).ToArray(),
        };
        return new HtmlString($"<script type=\"application/ld+json\">{JsonSerializer.Serialize(data)}</script>");
    }
}
