using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Benchmarks;

/// <summary>
/// The real Api over a seeded database, plus <c>/bench/static</c>: a fixed JSON body of the same size served by the
/// same host and pipeline. It is the ceiling: what the host can do when the endpoint does no work at all. And
/// <see cref="BareBooking.Path"/>, the least a booking through this host could cost.
/// </summary>
public sealed class BenchApi(string connectionString, string redisConnectionString, byte[] staticBody) : WebApplicationFactory<Program>
{
    /// <summary>One for every host of the run: the Apis share the database's key ring, and each must read the other's keys.</summary>
    public static readonly string KeyRingCertificate = SelfSignedKeyRingCertificate.CreatePfxBase64("bench key ring", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:portal", connectionString);
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("DataProtection:Certificate", BenchApi.KeyRingCertificate);
        // The storms and the sign-in timing come from one address: the limits would turn them into 429s.
        builder.UseSetting("RateLimits:BookingPerCaller:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:SlotSearchPerIp:PermitLimit", "100000000");
        builder.UseSetting("RateLimits:MagicLinkPerAddress:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:MagicLinkPerIp:PermitLimit", "1000000");
        // The booking storm measures the work a booking costs; a guest's answer otherwise waits out a floor that hides a known address.
        builder.UseSetting("Identity:GuestBookingAnswerTime", "00:00:00");
        builder.UseSetting("Sealing:ActiveKey", "bench");
        builder.UseSetting("Sealing:Keys:bench", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        // Above the appsettings' own levels too: a console line per request would be what the bench measures.
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new StaticEndpoint(staticBody)));
    }

    private sealed class StaticEndpoint(byte[] body) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/static", branch => branch.Run(async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(body);
            }));
            BareBooking.Map(app);
            next(app);
        };
    }
}
