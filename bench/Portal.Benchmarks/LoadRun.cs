using System.Diagnostics;

namespace Portal.Benchmarks;

/// <summary>Latencies of one endpoint under a fixed number of concurrent callers, for a fixed time.</summary>
public sealed record LoadResult(string Name, int Requests, int Failures, double P50Ms, double P95Ms, double RequestsPerSecond)
{
    public override string ToString() =>
        $"{Name,-28} {Requests,8} req  {Failures,4} failed  p50 {P50Ms,7:0.00} ms  p95 {P95Ms,7:0.00} ms  {RequestsPerSecond,9:0} req/s";
}

public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var failures = 0;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, failures, Percentile(all, 0.50), Percentile(all, 0.95), all.Length / clock.Elapsed.TotalSeconds);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
