using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core;
using Portal.Core.Calendar;
using Portal.Core.Data;
using Portal.Core.Sealing;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.CalendarBenchmarks;

/// <summary>
/// The Google Calendar pull at the size of a busy therapist's calendar: a full read of the 120-day horizon holding
/// 2,000 events (eight pages of 250) and the incremental sync after 50 changes, against the fake Google over
/// loopback and a real PostgreSQL. Prints the time and the peak managed heap of each.
/// </summary>
public static class Program
{
    private const int Events = 2000;
    private const int Changes = 50;

    public static async Task Main()
    {
        Console.WriteLine($"Google Calendar pull: {Environment.ProcessorCount} cores, {Events:N0} events over 120 days, pages of {GoogleCalendarApi.PageSize}");
        await using var postgres = await LocalPostgres.StartAsync();
        var connectionString = await new TestDatabases(postgres.ConnectionString).CreateMigratedAsync();
        await using var google = await FakeGoogle.StartAsync();
        using var host = Build(TestDatabases.AsApp(connectionString), google);

        await ConnectAsync(host, google);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(20261202);
        var ids = Enumerable.Range(0, Events).Select(i => google.Put("primary", EventAt(now, random, i))).ToList();

        await MeasureAsync("warm-up (a full pull, not counted)", host, ForgetAsync);
        var full = await MeasureAsync("full pull into an empty table", host, ForgetAsync);

        for (var i = 0; i < Changes; i++)
        {
            switch (i % 3)
            {
                case 0: google.Cancel("primary", ids[i * 7]); break;
                case 1: google.Put("primary", Moved(EventAt(now, random, i), ids[i * 7])); break;
                default: google.Put("primary", EventAt(now, random, Events + i)); break;
            }
        }

        var incremental = await MeasureAsync($"incremental after {Changes} changes", host, _ => Task.CompletedTask);
        Console.WriteLine($"goal: full pull ≤ 2 s and ≤ 100 MB: {(full.Seconds <= 2 && full.PeakMegabytes <= 100 ? "met" : "NOT met")}; "
            + $"incremental is {incremental.Seconds / full.Seconds:P0} of the full pull's time");
    }

    /// <summary>As if never synced: no sync token, no blocks from Google.</summary>
    private static async Task ForgetAsync(PortalDb db)
    {
        await db.CalendarCursors.ExecuteDeleteAsync();
        await db.BlockedPeriods.Where(b => b.Source.StartsWith(PulledEvents.SourcePrefix)).ExecuteDeleteAsync();
    }

    private static async Task<Measured> MeasureAsync(string name, IHost host, Func<PortalDb, Task> before)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await before(scope.ServiceProvider.GetRequiredService<PortalDb>());
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1);
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        PullOutcome outcome;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            outcome = await scope.ServiceProvider.GetRequiredService<CalendarPull>().SyncAsync(CancellationToken.None);
        }

        clock.Stop();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        await stop.CancelAsync();
        await sampler;
        var measured = new Measured(clock.Elapsed.TotalSeconds, (peak - baseline) / 1048576.0, peak / 1048576.0,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0);
        Console.WriteLine($"{name,-40} {measured.Seconds * 1000,7:0} ms  peak managed heap {measured.PeakTotalMegabytes,6:0.0} MB "
            + $"({measured.PeakMegabytes:+0.0} MB over the {baseline / 1048576.0:0.0} MB before)  allocated {measured.AllocatedMegabytes,6:0.0} MB  "
            + $"{outcome.Kind}: {outcome.Added} added, {outcome.Changed} changed, {outcome.Removed} removed");
        return measured;
    }

    private static IHost Build(string connectionString, FakeGoogle google)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:portal"] = connectionString,
            ["Portal:PublicUrl"] = "https://portal.example/",
            ["DataProtection:Certificate"] = SelfSignedKeyRingCertificate.CreatePfxBase64("bench key ring", DateTimeOffset.UtcNow, TimeSpan.FromDays(1)),
            ["Sealing:ActiveKey"] = "bench",
            ["Sealing:Keys:bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        builder.Configuration.AddInMemoryCollection(google.Settings);
        builder.AddServiceDefaults();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPortalCore();
        builder.AddSealing();
        return builder.Build();
    }

    /// <summary>She connects through the fake's consent page, as in the tests.</summary>
    private static async Task ConnectAsync(IHost host, FakeGoogle google)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var connect = scope.ServiceProvider.GetRequiredService<GoogleConnect>();
        var session = Guid.NewGuid();
        var callback = await google.ConsentAsync(await connect.BeginAsync(session, CancellationToken.None), allow: true);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        var outcome = await connect.FinishAsync(session, query["code"], query["state"], null, CancellationToken.None);
        if (outcome.Connection is null)
        {
            throw new InvalidOperationException(outcome.Problem);
        }
    }

    /// <summary>A weekday appointment in working hours somewhere in the next 120 days; one in twenty all day.</summary>
    private static System.Text.Json.Nodes.JsonObject EventAt(DateTimeOffset now, Random random, int i)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 + random.Next(118));
        if (i % 20 == 0)
        {
            return FakeGoogle.AllDay(day, day.AddDays(1), $"Away {i}");
        }

        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(8 + random.Next(10), random.Next(4) * 15)), TimeSpan.Zero);
        return FakeGoogle.Timed(start, start.AddMinutes(30 + random.Next(4) * 15), $"Appointment {i}");
    }

    private static System.Text.Json.Nodes.JsonObject Moved(System.Text.Json.Nodes.JsonObject e, string id)
    {
        e["id"] = id;
        return e;
    }

    private sealed record Measured(double Seconds, double PeakMegabytes, double PeakTotalMegabytes, double AllocatedMegabytes);
}
