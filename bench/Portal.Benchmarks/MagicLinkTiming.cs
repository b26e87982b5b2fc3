using System.Diagnostics;
using System.Net.Http.Json;
using Portal.Core.Clients;
using Portal.Tests.Infrastructure;

namespace Portal.Benchmarks;

/// <summary>
/// <c>POST /api/auth/magic-link</c> must not tell by its timing whether an address is known: a known one writes a
/// link and its email to the outbox, an unknown one only an audit row. One caller, the two kinds interleaved.
/// </summary>
public static class MagicLinkTiming
{
    private const int KnownAddresses = 50;

    public static async Task PrintAsync(string connectionString, HttpClient http, int rounds = 100)
    {
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            db.Clients.AddRange(Enumerable.Range(0, KnownAddresses).Select(i =>
                Client.Register(new ContactDetails($"Known {i}", Known(i), "+447911123456"), "Europe/London", DateTimeOffset.UtcNow)));
            await db.SaveChangesAsync();
        }

        var known = new List<double>();
        var unknown = new List<double>();
        for (var round = -20; round < rounds; round++)
        {
            var knownMs = await TimeAsync(http, Known(Math.Abs(round) % KnownAddresses));
            var unknownMs = await TimeAsync(http, $"nobody-{Guid.NewGuid():N}@example.com");
            if (round >= 0)
            {
                known.Add(knownMs);
                unknown.Add(unknownMs);
            }
        }

        known.Sort();
        unknown.Sort();
        Console.WriteLine($"\nSign-in link requests, one caller, {rounds} of each kind interleaved");
        Console.WriteLine($"{"known address",-28} p50 {LoadRun.Percentile(known, 0.50),7:0.00} ms  p95 {LoadRun.Percentile(known, 0.95),7:0.00} ms");
        Console.WriteLine($"{"unknown address",-28} p50 {LoadRun.Percentile(unknown, 0.50),7:0.00} ms  p95 {LoadRun.Percentile(unknown, 0.95),7:0.00} ms");
        Console.WriteLine($"ratio: a known address takes {LoadRun.Percentile(known, 0.50) / LoadRun.Percentile(unknown, 0.50):0.00}x an unknown one at p50, "
            + $"{LoadRun.Percentile(known, 0.95) / LoadRun.Percentile(unknown, 0.95):0.00}x at p95");
    }

    private static string Known(int i) => $"known-{i}@example.com";

    private static async Task<double> TimeAsync(HttpClient http, string email)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/auth/magic-link", new { email });
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return response.IsSuccessStatusCode
            ? elapsed
            : throw new InvalidOperationException($"POST /api/auth/magic-link answered {(int)response.StatusCode} for {email}");
    }
}
