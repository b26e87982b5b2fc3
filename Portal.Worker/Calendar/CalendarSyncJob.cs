using Microsoft.Extensions.Options;
using Portal.Core.Calendar;

namespace Portal.Worker.Calendar;

/// <summary>
/// Reads her busy Google calendars every <see cref="CalendarOptions.SyncInterval"/> (<see cref="CalendarPull"/>). Once
/// an interval with several replicas: the pull takes a PostgreSQL advisory lock (a replica that finds it taken skips the
/// round), and a replica whose timer comes within half an interval of the last read skips it too.
/// </summary>
public sealed partial class CalendarSyncJob(
    IServiceScopeFactory scopes, IOptions<CalendarOptions> options, TimeProvider clock, ILogger<CalendarSyncJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SyncInterval, clock);
        try
        {
            do
            {
                try
                {
                    await SyncOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database away for a while: the next round tries again.
                    LogFailed(exception.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<PullOutcome> SyncOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<CalendarPull>().SyncAsync(options.Value.SyncInterval / 2, cancellationToken);
        LogOutcome(outcome.Kind);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Google Calendar sync round: {Outcome}")]
    private partial void LogOutcome(string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Google Calendar sync round failed ({Error}); the next round tries again")]
    private partial void LogFailed(string error);
}

public static class CalendarSyncRegistration
{
    public static IHostApplicationBuilder AddCalendarSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CalendarSyncJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CalendarSyncJob>());
        return builder;
    }
}
