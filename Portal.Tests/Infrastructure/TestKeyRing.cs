using Microsoft.Extensions.Hosting;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The key ring certificates of the run, as the AppHost would give them: one the Api and the Worker share (a test's
/// Worker reads the links its Api protected), and the Web's own.
/// </summary>
public static class TestKeyRing
{
    public const string Setting = "DataProtection:Certificate";

    public static readonly string Certificate = New("test key ring");

    public static readonly string WebCertificate = New("test web key ring");

    public static string New(string subject) =>
        SelfSignedKeyRingCertificate.CreatePfxBase64(subject, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
}
