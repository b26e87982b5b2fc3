using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Outbox;

/// <summary>A Worker killed in the middle of its work: nothing it held is lost, nothing it sent is sent twice.</summary>
public sealed class KilledWorkerTests(TestServers servers)
{
    [Fact]
    public async Task A_dispatcher_killed_mid_batch_loses_nothing_and_the_next_one_sends_each_email_once()
    {
        var database = await servers.Databases.CreateMigratedAsync(TestContext.Current.CancellationToken);
        await using var resend = await FakeResend.StartAsync();
        resend.Delay = TimeSpan.FromMilliseconds(150); // slow enough that several sends are in flight at the kill
        var keys = await OutboxSeeding.AddEmailsAsync(database, 60);

        await using (var doomed = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__portal"] = TestDatabases.AsApp(database),
            ["Resend__ApiKey"] = FakeResend.ApiKey,
            ["Resend__BaseUrl"] = resend.BaseUrl.ToString(),
            ["Portal__PublicUrl"] = TestWorker.PublicUrl.ToString(),
            ["Outbox__Concurrency"] = "4",
            // What the killed Worker had claimed is taken over once its lease runs out.
            ["Outbox__Lease"] = "00:00:03",
            ["Outbox__HandlerTimeout"] = "00:00:02",
        }))
        {
            await Eventually.TrueAsync(() => resend.Sent.Count >= 12 || doomed.HasExited, TimeSpan.FromSeconds(60),
                "the Worker process sent nothing:\n" + doomed.Output);
            Assert.False(doomed.HasExited, doomed.Output);
            doomed.Kill();
        }

        var afterKill = await OutboxSeeding.AllAsync(database);
        Assert.Contains(afterKill, m => m.ProcessedAt is null);
        Assert.Contains(afterKill, m => m.ProcessedAt is not null);

        await using var successor = TestWorker.WithResend(database, resend);
        await successor.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(60));

        var messages = await OutboxSeeding.AllAsync(database);
        Assert.All(messages, m => Assert.NotNull(m.ProcessedAt));
        // Each email went out exactly once: a send cut off by the kill came back with the same key and was not re-sent.
        Assert.Equal(keys.Order(), resend.Sent.Select(e => e.IdempotencyKey!).Order());
        Assert.Equal(resend.Sent.Count + resend.Replays, resend.Requests);
    }
}
