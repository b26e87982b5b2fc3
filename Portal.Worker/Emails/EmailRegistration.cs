using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Portal.Core.Outbox;
using Portal.Worker.Emails.Delivery;
using Portal.Worker.Outbox;

namespace Portal.Worker.Emails;

public static class EmailRegistration
{
    /// <summary>
    /// Templates, rendering and the way out: Resend when <c>Resend:ApiKey</c> is set (SMTP behind it when
    /// <c>Smtp:Host</c> is), else SMTP, else — in Development only — a folder of <c>.eml</c> files.
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.Configure<EmailOptions>(configuration.GetSection("Email"));
        builder.Services.Configure<ResendOptions>(configuration.GetSection("Resend"));
        builder.Services.Configure<SmtpOptions>(configuration.GetSection("Smtp"));
        builder.Services.AddSingleton(new PortalLinks(PublicUrl(configuration)));
        builder.Services.AddSingleton<EmailRenderer>();
        builder.Services.AddScoped<EmailComposer>();
        builder.Services.AddKeyedScoped<IOutboxHandler, EmailHandler>(OutboxTypes.Email);

        builder.Services.AddHttpClient<ResendEmailSender>((services, http) =>
        {
            var resend = services.GetRequiredService<IOptions<ResendOptions>>().Value;
            http.BaseAddress = resend.BaseUrl;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", resend.ApiKey);
        });
        builder.Services.AddSingleton<SmtpEmailSender>();
        builder.Services.AddSingleton<PickupFolderEmailSender>();

        var hasResend = !string.IsNullOrWhiteSpace(configuration["Resend:ApiKey"]);
        var hasSmtp = !string.IsNullOrWhiteSpace(configuration["Smtp:Host"]);
        var hasPickup = !string.IsNullOrWhiteSpace(configuration["Email:PickupDirectory"]) || builder.Environment.IsDevelopment();
        if (!hasResend && !hasSmtp && !hasPickup)
        {
            throw new InvalidOperationException(
                "No way to send email: set Resend:ApiKey (and optionally Smtp:Host as the fallback), or Smtp:Host.");
        }

        builder.Services.AddScoped(services => new EmailDelivery(
            hasResend ? services.GetRequiredService<ResendEmailSender>()
            : hasSmtp ? services.GetRequiredService<SmtpEmailSender>()
            : services.GetRequiredService<PickupFolderEmailSender>(),
            hasResend && hasSmtp ? services.GetRequiredService<SmtpEmailSender>() : null,
            services.GetRequiredService<ILogger<EmailDelivery>>()));
        return builder;
    }

    private static Uri PublicUrl(IConfiguration configuration)
    {
        var value = configuration["Portal:PublicUrl"];
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url))
        {
            throw new InvalidOperationException(
                $"Portal:PublicUrl must be the absolute address of the Web (for links in emails), not '{value}'.");
        }

        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
