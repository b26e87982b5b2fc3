using StackExchange.Redis;

namespace Portal.Web.Messaging;

/// <param name="ChannelPrefix">
/// <c>Messaging:LiveChannelPrefix</c> (default "portal"): the Api's notice channel and this Web's SignalR backplane
/// channels start with it, so deployments (or test runs) that share one Redis stay apart. The Api must have the same.
/// </param>
public sealed record LiveMessagingSettings(string ChannelPrefix);

public static class LiveMessaging
{
    /// <summary>
    /// SignalR for the live message pages. With Redis (the AppHost's "redis"), replicas share one backplane and hear the
    /// Api's notices; without it (a bare <c>dotnet run</c>) the pages work as they do without JavaScript.
    /// </summary>
    public static IHostApplicationBuilder AddLiveMessaging(this IHostApplicationBuilder builder)
    {
        var prefix = builder.Configuration["Messaging:LiveChannelPrefix"] is { Length: > 0 } configured ? configured : "portal";
        builder.Services.AddSingleton(new LiveMessagingSettings(prefix));
        var signalR = builder.Services.AddSignalR();
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            return builder;
        }

        // The backplane keeps a connection of its own to the AppHost's "redis": it subscribes and unsubscribes as it
        // likes, and closes it when the Web stops, without touching the one the key ring and the relay share.
        signalR.AddStackExchangeRedis(builder.Configuration.GetConnectionString("redis")!, options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal($"{prefix}:signalr");
            options.Configuration.AbortOnConnectFail = false;
        });
        builder.Services.AddHostedService<MessageNoticeRelay>();
        return builder;
    }

    public static WebApplication MapLiveMessaging(this WebApplication app)
    {
        app.MapHub<MessagesHub>(MessagesHub.Path);
        return app;
    }
}
