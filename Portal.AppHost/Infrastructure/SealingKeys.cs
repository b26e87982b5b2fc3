using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The key the Api seals clinical data with (session notes; later messages, intake answers and OAuth tokens): 32 random
/// bytes, generated on first run and kept in the AppHost's user secrets like the other generated secrets. In a
/// deployment give it as <c>Parameters:sealing-key</c> and keep a copy apart from the backups: without it, the notes in
/// a backup cannot be read. README, "Sealed clinical data", says how to rotate it.
/// </summary>
public static class SealingKeys
{
    /// <summary>The id stored beside every value sealed with the generated key.</summary>
    public const string KeyId = "k1";

    public static IResourceBuilder<ParameterResource> AddSealingKey(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new RandomKeyDefault(), secret: true, persist: true);

    public static IResourceBuilder<T> WithSealingKey<T>(this IResourceBuilder<T> service, IResourceBuilder<ParameterResource> key)
        where T : IResourceWithEnvironment =>
        service.WithEnvironment("Sealing__ActiveKey", KeyId).WithEnvironment($"Sealing__Keys__{KeyId}", key);

    private sealed class RandomKeyDefault : ParameterDefault
    {
        public override string GetDefaultValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        // A deployment brings its own key: nothing to generate there.
        public override void WriteToManifest(ManifestPublishingContext context)
        {
        }
    }
}
