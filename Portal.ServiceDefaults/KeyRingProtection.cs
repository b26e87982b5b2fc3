using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Section <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring where it is kept
/// (PostgreSQL for the Api and the Worker, Redis for the Web), so a copy of that store alone opens nothing: not the
/// sign-in links waiting in the outbox, not the Web's antiforgery tokens. <c>Certificate</c> is a PKCS#12 (PFX) file in
/// base64 or a PEM text with the certificate and its private key (<c>CertificatePassword</c> when either is
/// encrypted); <c>PreviousCertificates:0</c>, <c>:1</c>… open keys written before a rotation.
/// Keys written before any certificate was set stay readable (they were never encrypted); new ones are encrypted, and
/// the first start with a certificate makes one to take over (<see cref="KeyRingCutover"/>).
/// </summary>
public static class KeyRingProtection
{
    public const string SectionName = "DataProtection";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder dataProtection, IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var password = section["CertificatePassword"];
        var current = section["Certificate"];
        if (string.IsNullOrWhiteSpace(current))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{SectionName}:Certificate is not set. It encrypts the Data Protection key ring, without which a copy of the " +
                    "database (or of Redis) opens the sign-in links it holds. Give a PFX in base64 or a PEM with its private key " +
                    "(the AppHost generates them: parameters key-ring-certificate and web-key-ring-certificate); see the README, \"The key ring's certificate\".");
            }

            builder.Services.AddHostedService<UnencryptedKeyRingWarning>();
            return dataProtection;
        }

        dataProtection.ProtectKeysWithCertificate(Load(current, password, $"{SectionName}:Certificate"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<KeyRingCutover>();
        var previous = section.GetSection("PreviousCertificates").Get<string[]>() ?? [];
        if (previous.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(
                [.. previous.Select((text, i) => Load(text, password, $"{SectionName}:PreviousCertificates:{i}"))]);
        }

        return dataProtection;
    }

    private static X509Certificate2 Load(string text, string? password, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPem(text, text)
                    : X509Certificate2.CreateFromEncryptedPem(text, text, password)
                : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(text.Trim()), password);
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{setting} is neither a PFX in base64 nor a PEM with a certificate and its private key, or its password is wrong " +
                $"({exception.GetType().Name}).", exception);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{setting} has no private key: the key ring could be written but never read.");
    }

    private sealed class UnencryptedKeyRingWarning(ILogger<UnencryptedKeyRingWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning(
                "{Setting} is not set: the Data Protection key ring is stored unencrypted (allowed in Development only)",
                $"{SectionName}:Certificate");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
