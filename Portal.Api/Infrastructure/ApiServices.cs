using Portal.Api.Identity;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Api.Cms;
using Portal.Api.Messaging;
using Portal.Api.RateLimiting;
using Portal.Core;
using Portal.Core.Content;
using Portal.Core.Notes;

namespace Portal.Api.Infrastructure;

public static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddPortalCore();
        builder.AddSessionNotes();
        builder.AddMessaging();
        builder.AddContentLibrary();
        builder.AddCms();
        builder.Services.AddApiProblemDetails();
        builder.Services.AddPortalAuthentication();
        builder.AddSharedRateLimits();
        builder.Services.Configure<Availability.AvailabilityCacheOptions>(builder.Configuration.GetSection("Availability"));
        builder.Services.AddSingleton<Availability.SharedAvailability>();
        builder.Services.AddSingleton<Availability.SlotAnswers>();
        builder.Services.AddSingleton<Availability.CalendarVersionWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Availability.CalendarVersionWatch>());
        builder.Services.AddHostedService<Availability.FreeTimesAnnouncer>();
        builder.Services.AddSingleton<Availability.WritesRaiseDoubt>();
        builder.Services.ConfigureDbContext<Portal.Core.Data.PortalDb>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<Availability.WritesRaiseDoubt>()));
        // The Web calls on behalf of visitors and says who they are (X-Forwarded-For); it is trusted from loopback only
        // unless a deployment names the Web's address in ForwardedHeaders.
        builder.AddTrustedProxies(ForwardedHeaders.XForwardedFor);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(options => StrictJson.Apply(options.SerializerOptions));
        return builder;
    }
}
