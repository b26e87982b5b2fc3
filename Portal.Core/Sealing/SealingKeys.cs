using Microsoft.Extensions.Options;

namespace Portal.Core.Sealing;

/// <summary>
/// The keys clinical data is sealed with (section <c>Sealing</c>): each a base64 256-bit key under an id of its own,
/// and the id new values are sealed with. They come from configuration (a secret of the deployment), never from the
/// database, so a copy of the database or of a backup opens nothing. Rotating: add a key, make it the active one, keep
/// the old ones for as long as values sealed with them exist.
/// </summary>
public sealed class SealingKeys
{
    public const string Section = "Sealing";

    /// <summary>The id of the key new values are sealed with.</summary>
    public string ActiveKey { get; set; } = "";

    /// <summary>Every key that may have sealed a stored value, by id: base64 of 32 random bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    internal const int KeyBytes = 32;

    internal byte[]? KeyOrNull(string id) =>
        Keys.TryGetValue(id, out var encoded) && TryDecode(encoded, out var key) ? key : null;

    internal static bool TryDecode(string encoded, out byte[] key)
    {
        key = new byte[KeyBytes];
        return Convert.TryFromBase64String(encoded.Trim(), key, out var written) && written == KeyBytes;
    }
}

public sealed class SealingKeysValidation : IValidateOptions<SealingKeys>
{
    public ValidateOptionsResult Validate(string? name, SealingKeys keys)
    {
        if (keys.Keys.Count == 0 || string.IsNullOrWhiteSpace(keys.ActiveKey))
        {
            return ValidateOptionsResult.Fail(
                "No sealing key is configured: set Sealing:ActiveKey and Sealing:Keys:<id> (base64 of 32 random bytes; README, 'Sealed clinical data').");
        }

        var malformed = keys.Keys.Where(k => !SealingKeys.TryDecode(k.Value, out _) || k.Key.Length is 0 or > 32 || !k.Key.All(char.IsAsciiLetterOrDigit))
            .Select(k => k.Key).ToList();
        if (malformed.Count > 0)
        {
            return ValidateOptionsResult.Fail(
                $"Sealing keys {string.Join(", ", malformed)} are not base64 of 32 bytes under an id of up to 32 letters and digits.");
        }

        return keys.Keys.ContainsKey(keys.ActiveKey)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Sealing:ActiveKey names {keys.ActiveKey}, which is not among Sealing:Keys.");
    }
}
