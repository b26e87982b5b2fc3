using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Newsletter;

public enum SignatureVerdict
{
    Valid,
    Missing,
    Stale,
    Mismatch,
}

/// <summary>
/// Resend signs its webhooks the Svix way: HMAC-SHA256, keyed with the base64 after <c>whsec_</c>, over
/// <c>{svix-id}.{svix-timestamp}.{body}</c>; <c>svix-signature</c> lists <c>v1,&lt;base64&gt;</c> entries (several while a
/// secret is rotated), any one of which may match. A timestamp more than five minutes away is refused, so a captured
/// delivery cannot be replayed later.
/// </summary>
public static class SvixSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static SignatureVerdict Verify(string secret, string? id, string? timestamp, string? signatures, string body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return SignatureVerdict.Missing;
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, null, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return SignatureVerdict.Stale;
        }

        var expected = Sign(KeyOf(secret), id, timestamp, body);
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',');
            if (comma <= 0 || entry[..comma] != "v1")
            {
                continue;
            }

            var given = new byte[64];
            if (Convert.TryFromBase64String(entry[(comma + 1)..], given, out var length)
                && CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, length)))
            {
                return SignatureVerdict.Valid;
            }
        }

        return SignatureVerdict.Mismatch;
    }

    /// <summary>The <c>v1,&lt;base64&gt;</c> entry for a body, as Svix would send it (for tests and tools).</summary>
    public static string SignatureOf(string secret, string id, string timestamp, string body) =>
        "v1," + Convert.ToBase64String(Sign(KeyOf(secret), id, timestamp, body));

    private static byte[] Sign(byte[] key, string id, string timestamp, string body) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);

    /// <summary>Whether a configured secret can be used at all (checked at start, not at the first webhook).</summary>
    public static bool IsWellFormed(string secret)
    {
        try
        {
            return KeyOf(secret).Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
