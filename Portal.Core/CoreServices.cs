using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Calendar;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Newsletter;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace Portal.Core;

public static class CoreServices
{
    /// <summary>The database and the practice's rules, for the Api and the Worker alike.</summary>
    public static IHostApplicationBuilder AddPortalCore(this IHostApplicationBuilder builder)
    {
        builder.AddPortalDb();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AvailabilityLoader>();
        builder.Services.AddScoped<SideEffects>();
        builder.Services.AddScoped<BookingAnnouncements>();
        builder.Services.AddScoped<BookingPlacement>();
        builder.Services.AddScoped<PendingBookings>();
        builder.Services.AddScoped<BookingDesk>();
        builder.Services.AddScoped<SignInDesk>();
        builder.Services.AddScoped<Profile.ProfileDesk>();
        builder.Services.Configure<IdentitySettings>(builder.Configuration.GetSection("Identity"));
        builder.AddPortalDataProtection();
        builder.Services.AddScoped<BookingChanges>();
        builder.Services.AddScoped<Clients.ClientDirectory>();
        builder.Services.AddScoped<Audit.AuditTrail>();
        builder.AddPayments();
        builder.AddGoogleCalendar();
        builder.AddNewsletter();
        builder.Services.Configure<Crm.TwentySettings>(builder.Configuration.GetSection(Crm.TwentySettings.Section));
        builder.Services.AddScoped<Crm.CrmSync>();
        builder.Services.Configure<Waitlist.WaitlistOptions>(builder.Configuration.GetSection(Waitlist.WaitlistOptions.Section));
        builder.Services.AddScoped<Waitlist.WaitlistDesk>();
        builder.Services.AddScoped<Waitlist.WaitlistMatcher>();
        builder.Services.AddOptions<Privacy.ClinicalRetention>().Bind(builder.Configuration.GetSection(Privacy.ClinicalRetention.Section))
            .Validate(r => r.Problem() is null, "Privacy:ClinicalRetentionYears must be between 1 and 100").ValidateOnStart();
        builder.Services.AddScoped<Erasure.ClientErasure>();
        builder.Services.AddScoped<Erasure.ClosureDesk>();
        return builder;
    }

    /// <summary>
    /// One key ring for the Api and the Worker, kept in PostgreSQL: sign-in tokens encrypted by one are read by the
    /// other, across restarts and replicas, and without Redis. The keys themselves are encrypted with the certificate
    /// both are given (<c>DataProtection:Certificate</c>), so the database alone cannot open the tokens.
    /// </summary>
    public static IHostApplicationBuilder AddPortalDataProtection(this IHostApplicationBuilder builder)
    {
        // First of all hosted services: the framework's own (which makes a key when it finds none) starts after it.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, KeyRingFirstKey>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDb>()
            .ProtectKeysWithConfiguredCertificate(builder);
        builder.Services.AddSingleton<LinkProtector>();
        return builder;
    }
}
