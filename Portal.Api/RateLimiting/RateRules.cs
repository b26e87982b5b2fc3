namespace Portal.Api.RateLimiting;

/// <summary>One limit: at most <see cref="PermitLimit"/> in a fixed window of <see cref="Window"/>.</summary>
public sealed class RateRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    /// <summary>
    /// Unset: each request is counted in Redis before it is answered, exact across replicas. Set: this instance counts
    /// in memory and adds its counts to Redis this often, judging each request by the shared count Redis last gave plus
    /// its own since; across replicas a burst can pass the limit by what the others counted in that time. For generous
    /// limits on requests that cost less than a Redis round trip (a slot search answered from memory).
    /// </summary>
    public TimeSpan? SharedEvery { get; set; }
}

/// <summary>Section <c>RateLimits</c>: the limits the sign-in and booking doors keep.</summary>
public sealed class RateRules
{
    /// <summary>Starts every counter's Redis key, so deployments (or test runs) sharing a Redis keep apart.</summary>
    public string KeyPrefix { get; set; } = "portal";

    public RateRule MagicLinkPerAddress { get; set; } = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(15) };

    public RateRule MagicLinkPerIp { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Spending links and password attempts.</summary>
    public RateRule SignInPerIp { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Slot searches per IP: a person clicking through weeks makes a few a minute; a script, thousands.</summary>
    public RateRule SlotSearchPerIp { get; set; } = new()
    {
        PermitLimit = 300,
        Window = TimeSpan.FromMinutes(5),
        SharedEvery = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>Per signed-in user, or per IP for guests.</summary>
    public RateRule BookingPerCaller { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    /// <summary>Messages a client sends (threads started and replies): a person writes a few; a script, hundreds.</summary>
    public RateRule MessagesPerClient { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(15) };
}
