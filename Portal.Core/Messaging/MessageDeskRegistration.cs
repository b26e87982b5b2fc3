using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Sealing;

namespace Portal.Core.Messaging;

public static class MessageDeskRegistration
{
    /// <summary>The desk and its settings (<c>Messaging</c>); the service also registers an <see cref="IMessageNotices"/>.</summary>
    public static IHostApplicationBuilder AddMessageDesk(this IHostApplicationBuilder builder)
    {
        builder.AddSealing();
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.Section))
            .Validate(o => o.EmailAfter >= TimeSpan.Zero, "Messaging:EmailAfter cannot be negative.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.LiveChannelPrefix), "Messaging:LiveChannelPrefix cannot be empty.")
            .ValidateOnStart();
        builder.Services.AddScoped<MessageDesk>();
        return builder;
    }
}
