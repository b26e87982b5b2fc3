using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A certificate of our own for <see cref="KeyRingProtection"/>: only its key pair matters (nobody validates a chain),
/// so self-signed is as good as any. Also compiled into the AppHost, which generates one at first run.
/// </summary>
public static class SelfSignedKeyRingCertificate
{
    /// <summary>A new RSA 3072 certificate with its private key, as a password-less PFX in base64.</summary>
    public static string CreatePfxBase64(string subject, DateTimeOffset now, TimeSpan validFor)
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + validFor);
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
