using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Newsletter;

public static class NewsletterRegistration
{
    /// <summary>The newsletter's rules, for the Api and the Worker alike.</summary>
    public static IHostApplicationBuilder AddNewsletter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddScoped<NewsletterDesk>();
        builder.Services.AddScoped<DeliveryEvents>();
        builder.Services.AddScoped<NewsletterSending>();
        builder.Services.AddScoped<MailchimpImport>();
        return builder;
    }
}
