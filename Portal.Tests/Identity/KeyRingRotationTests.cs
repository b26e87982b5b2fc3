using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>
/// <c>DataProtection:Certificate</c> over time: a new certificate with the old one in <c>PreviousCertificates</c>,
/// keys stored before any certificate, and a server started without one.
/// </summary>
public sealed class KeyRingRotationTests
{
    private static readonly string OldCertificate = TestKeyRing.New("old key ring");

    [Fact]
    public void After_a_rotation_links_protected_under_the_old_certificate_open_while_it_is_listed_as_previous()
    {
        var ring = new StoredKeyRing();
        var protectedText = Protector(ring, "Production", (TestKeyRing.Setting, OldCertificate)).Protect("a pending link");

        var rotated = Protector(ring, "Production",
            (TestKeyRing.Setting, TestKeyRing.Certificate), ("DataProtection:PreviousCertificates:0", OldCertificate));
        var forgotten = Protector(ring, "Production", (TestKeyRing.Setting, TestKeyRing.Certificate));

        Assert.Equal("a pending link", rotated.Unprotect(protectedText));
        Assert.ThrowsAny<CryptographicException>(() => forgotten.Unprotect(protectedText));
    }

    [Fact]
    public async Task Keys_stored_before_the_certificate_was_set_stay_readable_and_an_encrypted_successor_is_made_at_start()
    {
        var ring = new StoredKeyRing();
        var protectedText = Protector(ring, "Development").Protect("a pending link");
        Assert.Contains("<masterKey", ring.Single());

        using var services = Services(ring, "Production", (TestKeyRing.Setting, TestKeyRing.Certificate));
        await StartAsync(services);
        await StartAsync(services);

        Assert.Equal(2, ring.Count);
        Assert.Contains("<encryptedSecret", ring.Last());
        Assert.DoesNotContain("<masterKey", ring.Last());
        var successor = services.GetRequiredService<IKeyManager>().GetAllKeys().MaxBy(k => k.ActivationDate)!;
        Assert.InRange(successor.ActivationDate - DateTimeOffset.UtcNow, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        Assert.Equal("a pending link", protector.Unprotect(protectedText));
    }

    [Fact]
    public void A_PEM_text_with_the_certificate_and_its_key_encrypts_the_same_way()
    {
        using var pfx = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(TestKeyRing.Certificate), null);
        var pem = pfx.ExportCertificatePem() + "\n" + pfx.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var ring = new StoredKeyRing();

        var protectedText = Protector(ring, "Production", (TestKeyRing.Setting, pem)).Protect("a pending link");

        Assert.Contains("<encryptedSecret", ring.Single());
        Assert.Equal("a pending link", Protector(ring, "Production", (TestKeyRing.Setting, TestKeyRing.Certificate)).Unprotect(protectedText));
    }

    [Fact]
    public void Outside_Development_a_server_without_the_certificate_refuses_to_start_and_says_which_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services(new StoredKeyRing(), "Production"));

        Assert.Contains("DataProtection:Certificate is not set", error.Message);
    }

    [Fact]
    public void A_certificate_that_is_not_one_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Services(new StoredKeyRing(), "Production", (TestKeyRing.Setting, "not a certificate")));

        Assert.Contains("DataProtection:Certificate is neither a PFX", error.Message);
    }

    private const string Purpose = "Portal.Tests.KeyRingRotation";

    private static IDataProtector Protector(StoredKeyRing ring, string environment, params (string Key, string Value)[] settings) =>
        Services(ring, environment, settings).GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    /// <summary>What the service's start runs of the key ring's own: the look for keys stored unencrypted.</summary>
    private static async Task StartAsync(ServiceProvider services)
    {
        foreach (var service in services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
            await service.ExecuteTask!;
        }
    }

    private static ServiceProvider Services(StoredKeyRing ring, string environment, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddDataProtection().SetApplicationName("Portal").ProtectKeysWithConfiguredCertificate(builder);
        builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = ring);
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>Where the keys are kept, as text: what a copy of the database or of Redis holds.</summary>
    private sealed class StoredKeyRing : IXmlRepository
    {
        private readonly List<string> keys = [];

        public string Single() => keys.Single();

        public string Last() => keys[^1];

        public int Count => keys.Count;

        public IReadOnlyCollection<XElement> GetAllElements() => [.. keys.Select(k => XElement.Parse(k))];

        public void StoreElement(XElement element, string friendlyName) => keys.Add(element.ToString(SaveOptions.DisableFormatting));
    }
}
