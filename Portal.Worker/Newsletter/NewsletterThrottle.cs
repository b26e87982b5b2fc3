using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Worker.Newsletter;

/// <summary>
/// Spaces newsletter sends to <see cref="NewsletterOptions.PerMinute"/>: a token bucket refilled every second with a
/// sixtieth of the minute's allowance, so no second ever sends more than its share. Per Worker process.
/// </summary>
public sealed class NewsletterThrottle : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;

    public NewsletterThrottle(IOptions<NewsletterOptions> options)
    {
        var perSecond = Math.Max(1, (int)Math.Ceiling(Math.Max(1, options.Value.PerMinute) / 60.0));
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits for this send's turn.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
    }

    public void Dispose() => limiter.Dispose();
}
