namespace Portal.Api.Infrastructure;

/// <summary>
/// An answer whose timing could tell what its words do not (is this address known here?) waits out a floor, so the
/// quicker path is as slow as the slower one.
/// </summary>
public static class EvenAnswerTime
{
    public static async Task WaitOutAsync(this TimeProvider clock, long startedAt, TimeSpan floor, CancellationToken cancellationToken)
    {
        var early = floor - clock.GetElapsedTime(startedAt);
        if (early > TimeSpan.Zero)
        {
            await Task.Delay(early, clock, cancellationToken);
        }
    }
}
