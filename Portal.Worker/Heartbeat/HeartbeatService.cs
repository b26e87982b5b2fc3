using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Worker.Heartbeat;

public sealed class HeartbeatOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A log line at a steady pace, so an operator can tell a quiet Worker from a stuck one.</summary>
public sealed partial class HeartbeatService(
    IOptions<HeartbeatOptions> options,
    TimeProvider timeProvider,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        do
        {
            LogHeartbeat(timeProvider.GetUtcNow());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker heartbeat at {Now:O}")]
    private partial void LogHeartbeat(DateTimeOffset now);
}

public static class HeartbeatRegistration
{
    public static IHostApplicationBuilder AddHeartbeat(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<HeartbeatOptions>(builder.Configuration.GetSection("Heartbeat"));
        builder.Services.AddHostedService<HeartbeatService>();
        return builder;
    }
}
