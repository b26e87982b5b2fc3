extern alias Worker;
using Worker::Portal.Worker.Outbox;

namespace Portal.Tests.Outbox;

public sealed class RetryScheduleTests
{
    private static readonly OutboxOptions Options = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(30),
        MaxRetryDelay = TimeSpan.FromHours(2),
    };

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(20, 7200)]
    public void The_delay_doubles_up_to_the_ceiling_with_half_of_it_random(int failedAttempts, int ceilingSeconds)
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => RetrySchedule.DelayAfter(failedAttempts, Options, random: random)).ToList();

        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, ceilingSeconds / 2.0, ceilingSeconds));
        Assert.True(delays.Distinct().Count() > 100, "the delays are not spread: every message would come back at once");
    }

    [Fact]
    public void A_providers_retry_after_is_never_undercut()
    {
        var delay = RetrySchedule.DelayAfter(1, Options, providerHint: TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), delay);
    }
}
