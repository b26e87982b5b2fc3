using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Core.Newsletter;

/// <summary>
/// The token in every newsletter's unsubscribe link: the subscriber (and the issue it came in), signed and encrypted
/// with the key ring the Api and the Worker share. It does not expire: an old newsletter's link must still work.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Portal.Newsletter.Unsubscribe.v1");

    public string For(Guid subscriberId, Guid? issueId) => protector.Protect($"{subscriberId:N}.{issueId:N}");

    public (Guid SubscriberId, Guid? IssueId)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxLength)
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(token).Split('.');
            return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var subscriber)
                ? (subscriber, Guid.TryParseExact(parts[1], "N", out var issue) ? issue : null)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public const int MaxLength = 1000;
}
