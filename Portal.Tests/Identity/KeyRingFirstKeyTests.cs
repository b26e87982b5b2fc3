using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>
/// Replicas of the Api and the Worker started together on an empty key ring make one first key between them, so each
/// opens what another protected (with a key each, a Worker could not open the sign-in links an Api wrote).
/// </summary>
public sealed class KeyRingFirstKeyTests(TestServers servers)
{
    [Fact]
    public async Task Four_replicas_starting_at_once_on_an_empty_key_ring_share_one_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await servers.Databases.CreateMigratedAsync(ct);
        var replicas = Enumerable.Range(0, 4).Select(_ => Services(database)).ToArray();
        try
        {
            await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
            {
                foreach (var hosted in replica.GetServices<IHostedService>())
                {
                    await hosted.StartAsync(ct);
                }
            }, ct)));

            await using var db = TestDatabases.OpenPortalDb(database);
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync(ct));
            foreach (var writer in replicas)
            {
                var link = writer.GetRequiredService<LinkProtector>().Protect("a pending link");
                Assert.All(replicas, reader => Assert.Equal("a pending link", reader.GetRequiredService<LinkProtector>().Unprotect(link)));
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static ServiceProvider Services(string database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = database,
            [TestKeyRing.Setting] = TestKeyRing.Certificate,
        });
        builder.AddPortalDb();
        builder.AddPortalDataProtection();
        return builder.Services.BuildServiceProvider();
    }
}
