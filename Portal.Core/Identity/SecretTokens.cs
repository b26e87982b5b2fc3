using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Identity;

/// <summary>Tokens people carry (session cookies, sign-in links): 32 CSPRNG bytes, base64url; only hashes are kept.</summary>
public static class SecretTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
