using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Newsletter;

public static class NewsletterSendingRegistration
{
    /// <summary>The newsletter's outbox handlers and its throttle (after <c>AddEmail</c>, whose delivery it uses).</summary>
    public static IHostApplicationBuilder AddNewsletterSending(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsletterOptions>().Bind(builder.Configuration.GetSection("Newsletter"))
            .Validate(o => o.PerMinute > 0, "Newsletter:PerMinute must be a positive number of emails.")
            .ValidateOnStart();
        builder.Services.AddSingleton<NewsletterThrottle>();
        builder.Services.AddScoped<NewsletterComposer>();
        builder.Services.AddKeyedScoped<IOutboxHandler, NewsletterFanOutHandler>(OutboxTypes.NewsletterFanOut);
        builder.Services.AddKeyedScoped<IOutboxHandler, NewsletterEmailHandler>(OutboxTypes.NewsletterEmail);
        builder.Services.AddKeyedScoped<IOutboxHandler, NewsletterTestHandler>(OutboxTypes.NewsletterTest);
        return builder;
    }
}
