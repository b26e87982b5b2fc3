namespace Portal.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Waits for something another process or thread does; fails with <paramref name="because"/> at the deadline.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because);
            }

            await Task.Delay(50);
        }
    }
}
