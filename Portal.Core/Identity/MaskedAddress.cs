namespace Portal.Core.Identity;

/// <summary>Enough of an address for its owner to recognise it (s***@example.com), too little for anyone else to learn it.</summary>
public static class MaskedAddress
{
    public static string Of(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}
