extern alias Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Waitlist;
using Portal.Tests.Infrastructure;
using Worker::Portal.Worker.Waitlist;
using static Portal.Tests.Waitlist.WaitlistScenario;

namespace Portal.Tests.Waitlist;

/// <summary>The Worker's waitlist job: a pass as the app role, one replica at a time.</summary>
public sealed class WaitlistWorkerTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_job_offers_a_free_time_and_skips_its_round_while_another_replica_makes_one()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await api.OnlyHoursAsync(13, new TimeOnly(10, 0), new TimeOnly(10, 30));
        var (_, http) = await api.ClientSignedInAsync("worker-waiter@example.com", discoveryCompleted: false);
        await http.JoinAsync("discovery-call", 13);
        await using var worker = TestWorker.Create(api.DatabaseConnectionString, new Dictionary<string, string?>(), api.Clock);
        var job = new WaitlistOffers(worker.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new WaitlistOptions()), api.Clock,
            NullLogger<WaitlistOffers>.Instance);

        await using (var otherReplica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.DatabaseConnectionString) { Pooling = false }.ConnectionString))
        {
            await otherReplica.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('waitlist-offers', 0))", otherReplica);
            await take.ExecuteScalarAsync(ct);
            Assert.Null(await job.PassAsync(ct));
            Assert.Null((await http.MineAsync()).Single().Offer);
        }

        WaitlistPass? pass = null;
        await Eventually.TrueAsync(async () => (pass = await job.PassAsync(ct)) is not null, TimeSpan.FromSeconds(10), "the other replica's lock never went");
        Assert.Equal(1, pass!.Offered);
        Assert.Equal(At(13, 10), (await http.MineAsync()).Single().Offer?.Start);
    }
}
