using Portal.Core.Outbox;
using Portal.Core.Sealing;
using Portal.Worker.Calendar;
using Portal.Worker.Messaging;
using Portal.Worker.Notifications;
using Portal.Worker.Payments;

namespace Portal.Worker.Outbox;

public static class OutboxRegistration
{
    /// <summary>The dispatcher and the handlers that live outside email (email registers its own).</summary>
    public static IHostApplicationBuilder AddOutboxDispatcher(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection("Outbox"))
            .Validate(o => o.Lease > o.HandlerTimeout, "Outbox:Lease must be longer than Outbox:HandlerTimeout, or a slow send would be taken over.")
            .ValidateOnStart();
        // The welcome thread is written here, sealed like every message.
        builder.AddSealing();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<OutboxListener>();
        builder.Services.AddSingleton<WakeSignal>();
        builder.Services.AddSingleton<OutboxOutcomes>();
        builder.Services.AddKeyedScoped<IOutboxHandler, NotificationHandler>(OutboxTypes.Notification);
        builder.Services.AddKeyedScoped<IOutboxHandler, MyData.DataExportHandler>(OutboxTypes.DataExport);
        builder.Services.AddScoped<Core.MyData.MyDataCollector>();
        builder.Services.AddKeyedScoped<IOutboxHandler, WelcomeThreadHandler>(OutboxTypes.WelcomeThread);
        builder.Services.AddKeyedScoped<IOutboxHandler, UnreadMessageHandler>(OutboxTypes.UnreadMessageCheck);
        builder.Services.AddKeyedScoped<IOutboxHandler, CalendarEventHandler>(OutboxTypes.CalendarEvent);
        builder.Services.AddKeyedScoped<IOutboxHandler, CheckoutClosingHandler>(OutboxTypes.CheckoutClose);
        builder.Services.AddKeyedScoped<IOutboxHandler, RefundHandler>(OutboxTypes.Refund);
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
