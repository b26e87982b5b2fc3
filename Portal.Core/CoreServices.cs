using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core;

public static class CoreServices
{
    /// <summary>The database and the practice's rules, for the Api and the Worker alike.</summary>
    public static IHostApplicationBuilder AddPortalCore(this IHostApplicationBuilder builder)
    {
        builder.AddPortalDb();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AvailabilityLoader>();
        builder.Services.AddScoped<BookingDesk>();
        builder.Services.AddScoped<BookingChanges>();
        return builder;
    }
}
