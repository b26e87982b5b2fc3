namespace Portal.Web.Practice;

/// <summary>
/// The practice's profile as the Api last told it. Pages read <see cref="Value"/> without waiting: it is asked for once
/// before the first page, and again in the background when older than <see cref="FreshFor"/>.
/// </summary>
public sealed class PracticeProfiles(IHttpClientFactory httpClients, TimeProvider clock, ILogger<PracticeProfiles> logger)
{
    public const string HttpClientName = "practice-profile";

    /// <summary>
    /// A short life rather than a change feed: every replica of the Web shows what she saved within seconds, at the
    /// cost of one small read every few seconds while pages are being served. The replica she saved on knows at once.
    /// </summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    /// <summary>How long the first page waits for the Api before it shows <see cref="PracticeProfile.Unknown"/>.</summary>
    private static readonly TimeSpan FirstAskLimit = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim asking = new(1, 1);
    private volatile Known? known;

    public PracticeProfile Value => known?.Profile ?? PracticeProfile.Unknown;

    /// <summary>What she has just saved, shown from the next page on, without waiting for the next read.</summary>
    public void Remember(PracticeProfile profile) => known = new Known(profile, clock.GetUtcNow());

    /// <summary>Before a page: the first time, ask and wait (briefly); after that, refresh in the background when stale.</summary>
    public async Task KeepFreshAsync(CancellationToken cancellationToken)
    {
        var current = known;
        if (current is null)
        {
            await AskAsync(cancellationToken);
        }
        else if (clock.GetUtcNow() - current.At >= FreshFor)
        {
            // Not the page's work: a slow Api must not slow the page, which has a profile to show meanwhile.
            _ = Task.Run(() => AskAsync(CancellationToken.None), CancellationToken.None);
        }
    }

    private async Task AskAsync(CancellationToken cancellationToken)
    {
        if (!await asking.WaitAsync(known is null ? FirstAskLimit : TimeSpan.Zero, cancellationToken))
        {
            return; // someone else is asking right now
        }

        try
        {
            if (known is { } current && clock.GetUtcNow() - current.At < FreshFor)
            {
                return;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(FirstAskLimit);
            var before = known;
            var profile = await httpClients.CreateClient(HttpClientName)
                .GetFromJsonAsync<PracticeProfile>("api/practice/profile", limit.Token);
            // What she saved while the read was on its way is newer than what the read found.
            Interlocked.CompareExchange(ref known, new Known(profile ?? Value, clock.GetUtcNow()), before);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or NotSupportedException)
        {
            // The last known profile (or the plain one) serves until the Api answers; asked again after FreshFor.
            logger.LogWarning("The practice profile could not be read from the Api ({Reason}); pages show the last known one.", exception.GetType().Name);
            var last = known;
            Interlocked.CompareExchange(ref known, new Known(Value, clock.GetUtcNow()), last);
        }
        finally
        {
            asking.Release();
        }
    }

    private sealed record Known(PracticeProfile Profile, DateTimeOffset At);
}

public static class PracticeProfileRegistration
{
    public static IHostApplicationBuilder AddPracticeProfile(this IHostApplicationBuilder builder)
    {
        var baseAddress = builder.Configuration["Api:BaseAddress"]
            ?? throw new InvalidOperationException("Api:BaseAddress is not configured.");
        builder.Services.AddHttpClient(PracticeProfiles.HttpClientName, http => http.BaseAddress = new Uri(baseAddress));
        builder.Services.AddSingleton<PracticeProfiles>();
        return builder;
    }

    public static WebApplication UsePracticeProfile(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<PracticeProfiles>().KeepFreshAsync(context.RequestAborted);
            await next();
        });
        return app;
    }
}
