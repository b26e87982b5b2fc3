using StackExchange.Redis;

namespace Portal.Api.Availability;

/// <summary>
/// Tells the Web that the free times changed, so it drops the booking pages it keeps for visitors: every change
/// PostgreSQL announces to this Api (<see cref="CalendarVersionWatch"/>) goes on to Redis. With several Api instances
/// each tells it; the Web drops its pages once or twice, which costs one page render each.
/// </summary>
public sealed class FreeTimesAnnouncer(
    CalendarVersionWatch watch, IServiceProvider services, IConfiguration configuration, ILogger<FreeTimesAnnouncer> logger) : IHostedService
{
    /// <summary>The Redis channel (<c>FreeTimes:Channel</c>, for two systems sharing one Redis); the Web listens on the same.</summary>
    public static string ChannelOf(IConfiguration configuration) =>
        configuration["FreeTimes:Channel"] is { Length: > 0 } named ? named : "portal:free-times-changed";

    private readonly RedisChannel channel = RedisChannel.Literal(ChannelOf(configuration));

    private readonly IConnectionMultiplexer? redis = services.GetService<IConnectionMultiplexer>();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis is not null)
        {
            watch.Changed += Announce;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watch.Changed -= Announce;
        return Task.CompletedTask;
    }

    private void Announce()
    {
        try
        {
            // Fire and forget: the listener's thread must not wait on Redis; a lost word costs at most the page's short life.
            redis!.GetSubscriber().Publish(channel, "changed", CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(exception, "Could not tell the Web that the free times changed; its pages catch up within their short life");
        }
    }
}
