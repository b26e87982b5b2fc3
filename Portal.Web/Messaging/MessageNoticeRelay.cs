using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Portal.Web.Messaging;

/// <summary>
/// Hears the Api's notices on Redis and passes each on to the browsers of the people in that thread. Every Web replica
/// hears every notice; the first to claim its id in Redis passes it on, and the SignalR backplane carries it to the
/// connections on every replica.
/// </summary>
public sealed class MessageNoticeRelay(
    IConnectionMultiplexer redis, IHubContext<MessagesHub> hub, LiveMessagingSettings settings, ILogger<MessageNoticeRelay> logger)
    : BackgroundService
{
    private static readonly TimeSpan ClaimKept = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private ChannelMessageQueue? queue;

    // Redis may be away as the Web starts: the pages work without it, and the relay subscribes once it is back.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (queue is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(LiveNotice.Channel(settings.ChannelPrefix)));
                queue.OnMessage(message => RelayAsync(message.Message));
            }
            catch (RedisException exception)
            {
                logger.LogWarning(exception, "Message notices cannot be heard yet; trying again in {Seconds} s", RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    /// <summary>Passes the notice on if this replica is the one to; true when it did.</summary>
    public async Task<bool> RelayAsync(RedisValue message)
    {
        var notice = LiveNotice.FromJson(message);
        if (notice is null)
        {
            logger.LogWarning("A message notice that could not be read was ignored");
            return false;
        }

        try
        {
            var claimed = await redis.GetDatabase().StringSetAsync(
                $"{settings.ChannelPrefix}:messages:notice:{notice.Id:N}", Environment.MachineName, ClaimKept, When.NotExists);
            if (!claimed)
            {
                return false;
            }

            var groups = new[] { MessagesHub.TherapistGroup, MessagesHub.ClientGroup(notice.ClientId) };
            await hub.Clients.Groups(groups).SendAsync(MessagesHub.NoticeMethod, notice.ForBrowser());
            return true;
        }
        catch (RedisException exception)
        {
            // The pages still show everything on their next load; only the live update is missed.
            logger.LogWarning(exception, "Message notice {NoticeId} could not be passed on", notice.Id);
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (queue is not null)
            {
                await queue.UnsubscribeAsync();
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or RedisException)
        {
            // Shutting down: the Redis connection may already be gone, and with it the subscription.
        }

        await base.StopAsync(cancellationToken);
    }
}
