using System.Diagnostics;
using StackExchange.Redis;

namespace Portal.Tests.Infrastructure;

/// <summary>A throwaway redis-server for one test run, without persistence, killed at the end.</summary>
internal sealed class LocalRedis : IAsyncDisposable
{
    private readonly Process process;

    private LocalRedis(Process process, string connectionString)
    {
        this.process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<LocalRedis> StartAsync()
    {
        var program = Environment.GetEnvironmentVariable("REDIS_SERVER") ?? "redis-server";
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var connectionString = $"127.0.0.1:{port}";
            if (await AnswersAsync(connectionString, process))
            {
                return new LocalRedis(process, connectionString);
            }

            process.Kill();
            process.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"{program} did not start on a free port after {attempt} attempts.");
            }
        }
    }

    private static async Task<bool> AnswersAsync(string connectionString, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
                await connection.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
