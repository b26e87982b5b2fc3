using Microsoft.Extensions.Options;
using Portal.Core.Messaging;
using StackExchange.Redis;

namespace Portal.Api.Messaging;

/// <summary>
/// Publishes each notice on the Redis channel every Web replica listens to. Fire and forget: without Redis the
/// message still stands and the pages show it at their next load.
/// </summary>
public sealed class RedisMessageNotices(IServiceProvider services, IOptionsMonitor<MessagingOptions> options) : IMessageNotices
{
    private readonly IConnectionMultiplexer? redis = services.GetService<IConnectionMultiplexer>();

    public async Task TellAsync(MessageNotice notice)
    {
        if (redis is { IsConnected: true })
        {
            await redis.GetSubscriber().PublishAsync(
                RedisChannel.Literal(MessageNotice.Channel(options.CurrentValue.LiveChannelPrefix)), notice.ToJson());
        }
    }
}

public static class MessagingRegistration
{
    /// <summary>Messaging for the Api: the desk (which seals the words) and the live notices through Redis.</summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.AddMessageDesk();
        builder.Services.AddSingleton<IMessageNotices, RedisMessageNotices>();
        return builder;
    }
}
