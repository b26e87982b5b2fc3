using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Hosting;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The certificates that encrypt the Data Protection key rings: one the Api and the Worker share (the Worker opens
/// the sign-in links the Api protected), and the Web's own, so the Web, which faces the internet, holds nothing that
/// opens the Api's. Generated on first run and kept in the AppHost's user secrets like the other generated secrets;
/// in a deployment give them as parameters (<c>Parameters:key-ring-certificate</c>, <c>Parameters:web-key-ring-certificate</c>).
/// </summary>
public static class KeyRingCertificates
{
    public static IResourceBuilder<ParameterResource> AddKeyRingCertificate(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new SelfSignedCertificateDefault(name), secret: true, persist: true);

    public static IResourceBuilder<T> WithKeyRingCertificate<T>(this IResourceBuilder<T> service, IResourceBuilder<ParameterResource> certificate)
        where T : IResourceWithEnvironment =>
        service.WithEnvironment("DataProtection__Certificate", certificate);

    private sealed class SelfSignedCertificateDefault(string name) : ParameterDefault
    {
        // Only the key pair is used, never the dates: a key ring stays readable after its certificate "expires".
        public override string GetDefaultValue() =>
            SelfSignedKeyRingCertificate.CreatePfxBase64($"Portal {name}", DateTimeOffset.UtcNow, TimeSpan.FromDays(365 * 100));

        // A deployment brings its own certificate: nothing to generate there.
        public override void WriteToManifest(ManifestPublishingContext context)
        {
        }
    }
}
