using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>
/// The key ring in PostgreSQL is encrypted with the certificate the Api and the Worker are given: a copy of the
/// database (a dump, a stolen backup) holds the protected sign-in links and the keys, and still opens neither.
/// </summary>
public sealed class KeyRingCertificateTests(ApiFactory api, TestServers servers) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_of_the_database_alone_cannot_open_a_pending_sign_in_link()
    {
        await RegisterClientAsync("dumped@example.com");
        await api.CreateClient().RequestLinkAsync("dumped@example.com");
        var (keys, protectedToken) = await DumpAsync("dumped@example.com");

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("<encryptedSecret", key.Xml);
            Assert.DoesNotContain("<masterKey", key.Xml);
        });

        var copy = await RestoreAsync(keys);
        using (var withoutCertificate = Services(copy, certificate: null))
        {
            var protector = withoutCertificate.GetRequiredService<LinkProtector>();
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(protectedToken));
        }

        using var withCertificate = Services(copy, TestKeyRing.Certificate);
        var token = withCertificate.GetRequiredService<LinkProtector>().Unprotect(protectedToken);
        await using var db = api.OpenDb();
        var hash = SecretTokens.HashOf(token);
        Assert.True(await db.MagicLinks.AnyAsync(l => l.TokenHash == hash && l.EmailKey == "dumped@example.com", ct));
    }

    /// <summary>What a dump of the database gives an attacker: the key ring rows and the outbox row of the link's email.</summary>
    private async Task<(List<DataProtectionKey> Keys, string ProtectedToken)> DumpAsync(string email)
    {
        await using var db = api.OpenDb();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct);
        var payloads = await db.OutboxMessages.Where(m => m.DeduplicationKey.StartsWith("sign-in-link:")).Select(m => m.Payload).ToListAsync(ct);
        var link = payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<MagicLinkEmail>().Single(m => m.To == email);
        return (keys, link.ProtectedToken);
    }

    private async Task<string> RestoreAsync(List<DataProtectionKey> keys)
    {
        var copy = await servers.Databases.CreateMigratedAsync(ct);
        await using var db = TestDatabases.OpenPortalDb(copy);
        db.DataProtectionKeys.AddRange(keys.Select(k => new DataProtectionKey { FriendlyName = k.FriendlyName, Xml = k.Xml }));
        await db.SaveChangesAsync(ct);
        return copy;
    }

    /// <summary>The Api's and Worker's own Data Protection over the copy, with or without the certificate (in Development, where none is allowed).</summary>
    private static ServiceProvider Services(string database, string? certificate)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = database,
            [TestKeyRing.Setting] = certificate,
        });
        builder.AddPortalDb();
        builder.AddPortalDataProtection();
        return builder.Services.BuildServiceProvider();
    }

    private async Task RegisterClientAsync(string email)
    {
        await using var db = api.OpenDb();
        db.Clients.Add(Client.Register(new ContactDetails("Dee Dumped", email, "+447911123456"), "Europe/London", ApiFactory.DefaultNow));
        await db.SaveChangesAsync(ct);
    }
}
