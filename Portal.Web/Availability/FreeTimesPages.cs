using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Portal.Web.Availability;

/// <summary>Section <c>FreeTimes</c>: how long a page of free times is kept for visitors.</summary>
public sealed class FreeTimesPageOptions
{
    /// <summary>
    /// The longest a kept page is shown (zero: never kept). A change to the free times drops the pages at once through
    /// Redis; this bounds what a lost word could cost, and the minimum notice creeping over a time shown.
    /// </summary>
    public TimeSpan PageCacheFor { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The free times of a session type (<c>/book/{type}</c>) as a first-time visitor sees them, kept as rendered bytes:
/// the page everyone waits on, asked for far more often than the calendar changes. Only requests with no cookie and
/// no credentials are served from it (anyone signed in, or carrying a message from the last page, gets their own), and
/// every page is dropped when the Api says the free times changed. Needs Redis: without it nothing is kept, since
/// nothing would say when to drop it.
/// </summary>
public static class FreeTimesPages
{
    public const string PolicyName = "free-times";

    /// <summary>The tag every kept page carries, dropped as one.</summary>
    public const string Tag = "free-times";

    public static IHostApplicationBuilder AddFreeTimesPages(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("FreeTimes").Get<FreeTimesPageOptions>() ?? new FreeTimesPageOptions();
        var kept = options.PageCacheFor > TimeSpan.Zero && !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis"));
        builder.Services.AddOutputCache(cache =>
        {
            cache.AddPolicy(PolicyName, new FirstVisitPolicy(kept ? options.PageCacheFor : TimeSpan.Zero));
        });
        if (kept)
        {
            builder.Services.AddSingleton<DropOnChange>();
            builder.Services.AddHostedService(services => services.GetRequiredService<DropOnChange>());
        }

        return builder;
    }

    /// <summary>How many times the kept pages were dropped; a page rendered across a drop is not kept.</summary>
    private static long generation;

    private static readonly object GenerationKey = new();

    private sealed class FirstVisitPolicy(TimeSpan keptFor) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            // A zone nobody has is not kept: any string would otherwise make a page of its own.
            var firstVisit = keptFor > TimeSpan.Zero && HttpMethods.IsGet(request.Method)
                && !request.Headers.ContainsKey("Cookie") && !request.Headers.ContainsKey("Authorization")
                && (!request.Query.TryGetValue("tz", out var tz) || Practice.VisitorTime.IsKnownZone(tz))
                // Kept only while this Web hears of changes: a page it could not drop would stay wrong its whole life.
                && context.HttpContext.RequestServices.GetService<DropOnChange>() is { Listening: true };
            context.EnableOutputCaching = firstVisit;
            context.AllowCacheLookup = firstVisit;
            context.AllowCacheStorage = firstVisit;
            // No waiting on another visitor's render: a failure of theirs (their own rate limit, a closed tab) would be
            // everyone's error page.
            context.AllowLocking = false;
            context.HttpContext.Items[GenerationKey] = Volatile.Read(ref generation);
            context.ResponseExpirationTimeSpan = keptFor;
            // What the page reads: the type, the visitor's zone and the week; nothing else of the address.
            context.CacheVaryByRules.RouteValueNames = "type";
            context.CacheVaryByRules.QueryKeys = new StringValues(["tz", "week"]);
            context.Tags.Add(Tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // A render under way when the free times changed may show what was true before: it is served, not kept.
            var droppedSince = context.HttpContext.Items[GenerationKey] is long began && began != Volatile.Read(ref generation);
            if (droppedSince || response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey("Set-Cookie"))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Drops every kept page when the Api says the free times changed. Nothing is kept while the subscription's
    /// connection is down (Redis away at start, or since): a change then would not be heard. The library subscribes again
    /// when the connection comes back; every page is dropped when it goes and when it returns.
    /// </summary>
    private sealed class DropOnChange(IConnectionMultiplexer redis, IOutputCacheStore store, IConfiguration configuration, ILogger<DropOnChange> logger)
        : BackgroundService
    {
        /// <summary>As the Api's <c>FreeTimesAnnouncer</c> names it.</summary>
        private readonly RedisChannel changed = RedisChannel.Literal(
            configuration["FreeTimes:Channel"] is { Length: > 0 } named ? named : "portal:free-times-changed");

        private volatile bool subscribed;

        public bool Listening => subscribed && redis.GetSubscriber().IsConnected(changed);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            redis.ConnectionFailed += (_, args) => DropOnSubscriptionChange(args.ConnectionType);
            redis.ConnectionRestored += (_, args) => DropOnSubscriptionChange(args.ConnectionType);
            try
            {
                // Registered even when Redis is away: the library sends it once the connection is made.
                await redis.GetSubscriber().SubscribeAsync(changed, (_, _) => Drop());
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Not told of changes to the free times until Redis answers: no page is kept until then");
            }

            subscribed = true;
        }

        private void DropOnSubscriptionChange(ConnectionType type)
        {
            if (type == ConnectionType.Subscription)
            {
                Drop();
            }
        }

        private async void Drop()
        {
            Interlocked.Increment(ref generation);
            try
            {
                await store.EvictByTagAsync(Tag, CancellationToken.None);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not drop the kept pages of free times");
            }
        }
    }
}
