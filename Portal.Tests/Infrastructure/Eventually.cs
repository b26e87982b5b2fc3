namespace Portal.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Waits for something another process or thread does; fails with <paramref name="because"/> at the deadline.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);

    /// <summary>The same, for a condition that has to ask (a database, a server).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because);
            }

            await Task.Delay(50);
        }
    }
}
