using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Payments;

public static class PaymentRegistration
{
    public const string StripeHttpClient = "stripe";

    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<StripeSettings>(options =>
        {
            builder.Configuration.GetSection(StripeSettings.Section).Bind(options);
            // One address for the Web, shared with the emails' links.
            options.ReturnUrl ??= Uri.TryCreate(builder.Configuration["Portal:PublicUrl"], UriKind.Absolute, out var url) ? url : null;
        });
        builder.Services.AddHttpClient(StripeHttpClient);
        builder.Services.AddScoped<StripeCheckout>();
        builder.Services.AddScoped<PaymentLedger>();
        builder.Services.AddScoped<CheckoutOpener>();
        builder.Services.AddScoped<StripeWebhookInbox>();
        return builder;
    }
}
