using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Calendar;

public static class CalendarRegistration
{
    /// <summary>Google Calendar: the client, connecting, pushing bookings and pulling busy times.</summary>
    public static IHostApplicationBuilder AddGoogleCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GoogleSettings>(options =>
        {
            builder.Configuration.GetSection(GoogleSettings.Section).Bind(options);
            if (options.RedirectUri is null && Uri.TryCreate(builder.Configuration["Portal:PublicUrl"], UriKind.Absolute, out var web))
            {
                options.RedirectUri = new Uri(new Uri(web.AbsoluteUri.TrimEnd('/') + "/"), "admin/integrations/google/callback");
            }
        });
        builder.Services.Configure<CalendarOptions>(builder.Configuration.GetSection(CalendarOptions.Section));
        builder.Services.AddHttpClient<IGoogleCalendarApi, GoogleCalendarApi>();
        builder.Services.AddScoped<GoogleAccess>();
        builder.Services.AddScoped<GoogleConnect>();
        builder.Services.AddScoped<CalendarBackfill>();
        builder.Services.AddScoped<CalendarPull>();
        builder.Services.AddScoped<CalendarPush>();
        return builder;
    }
}
