using System.Text.RegularExpressions;

namespace Portal.Core.Privacy;

/// <summary>
/// Text that leaves the portal's data for logs, traces or stored error notes (an email provider's refusal, a Stripe
/// error, an exception message) may quote a client's address or phone number: it is written with those masked.
/// </summary>
public static partial class PersonalData
{
    public const string EmailMask = "[email]";
    public const string PhoneMask = "[phone]";

    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : Phone().Replace(Email().Replace(text, EmailMask), PhoneMask);

    [GeneratedRegex(@"[^\s<>()\[\]""',;:`]+@[^\s<>()\[\]""',;:`]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // International numbers (+44 7911 123456) and UK national ones (07911 123456); dates and ids are left alone.
    [GeneratedRegex(@"(?<![\w+])(\+\d[\d \-()]{7,}\d|0\d{3,4}[ ]?\d{3}[ ]?\d{3,4})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
