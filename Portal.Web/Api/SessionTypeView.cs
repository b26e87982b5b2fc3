using System.Globalization;

namespace Portal.Web.Api;

/// <summary>A session type as the Api describes it (<c>GET /api/session-types</c>).</summary>
public sealed record SessionTypeView(
    string Slug,
    string Name,
    string Description,
    int DurationMinutes,
    long PriceMinorUnits,
    string Currency,
    string Mode,
    bool IsDiscoveryCall,
    bool RequiresCompletedDiscovery,
    bool BookableOnline = true)
{
    public bool IsFree => PriceMinorUnits == 0;

    public bool IsVirtual => Mode == "Virtual";

    public string PriceText => IsFree ? "Free" : FormatPrice(PriceMinorUnits, Currency);

    private static string FormatPrice(long minorUnits, string currency)
    {
        var culture = CultureForCurrency(currency);
        var amount = minorUnits / 100m;
        var format = amount == decimal.Truncate(amount) ? "C0" : "C2";
        return amount.ToString(format, culture);
    }

    private static CultureInfo CultureForCurrency(string currency) => currency switch
    {
        "GBP" => CultureInfo.GetCultureInfo("en-GB"),
        "EUR" => CultureInfo.GetCultureInfo("en-IE"),
        "USD" => CultureInfo.GetCultureInfo("en-US"),
        _ => CultureInfo.InvariantCulture,
    };
}
