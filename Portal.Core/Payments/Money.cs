using System.Globalization;

namespace Portal.Core.Payments;

public static class Money
{
    /// <summary>"£60", "£62.50", "€60": whole amounts without pence, as people write prices.</summary>
    public static string Format(long minorUnits, string currency)
    {
        var culture = currency.ToUpperInvariant() switch
        {
            "GBP" => CultureInfo.GetCultureInfo("en-GB"),
            "EUR" => CultureInfo.GetCultureInfo("en-IE"),
            "USD" => CultureInfo.GetCultureInfo("en-US"),
            _ => CultureInfo.InvariantCulture,
        };
        var amount = minorUnits / 100m;
        return amount.ToString(amount == decimal.Truncate(amount) ? "C0" : "C2", culture);
    }
}
