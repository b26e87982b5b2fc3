using System.Net.Mail;
using PhoneNumbers;

namespace Portal.Core.Clients;

/// <summary>Name, email and phone as a visitor gives them, checked and normalised (phone in E.164).</summary>
public sealed record ContactDetails(string Name, string Email, string Phone)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string EmailKeyOf(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Either the normalised details, or the problems keyed by field, in words a person understands.</summary>
    public static (ContactDetails? Details, Dictionary<string, string[]> Errors) Read(
        string? name, string? email, string? phone, string defaultRegion)
    {
        var errors = new Dictionary<string, string[]>();

        var trimmedName = name?.Trim() ?? "";
        if (trimmedName.Length == 0)
        {
            errors["name"] = ["Please tell us your name."];
        }
        else if (trimmedName.Length > 120)
        {
            errors["name"] = ["Please keep your name under 120 characters."];
        }

        var trimmedEmail = email?.Trim() ?? "";
        if (!IsEmailAddress(trimmedEmail))
        {
            errors["email"] = ["Please enter an email address like name@example.com."];
        }

        string? e164 = null;
        try
        {
            var number = Phones.Parse(phone ?? "", defaultRegion);
            if (Phones.IsValidNumber(number))
            {
                e164 = Phones.Format(number, PhoneNumberFormat.E164);
            }
        }
        catch (NumberParseException)
        {
        }

        if (e164 is null)
        {
            errors["phone"] = ["Please enter a phone number we can reach you on, with the country code if it is not a UK number."];
        }

        return errors.Count == 0 ? (new ContactDetails(trimmedName, trimmedEmail, e164!), errors) : (null, errors);
    }

    /// <summary>An address as people type it (surrounding spaces allowed).</summary>
    public static bool IsEmail(string? value) => value is not null && IsEmailAddress(value.Trim());

    private static bool IsEmailAddress(string value) =>
        value.Length is > 3 and <= 254
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
