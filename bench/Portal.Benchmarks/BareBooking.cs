using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Benchmarks;

/// <summary>
/// The least a booking through the Api's host can cost: <c>/bench/bare-booking</c> takes a guest's booking request and
/// writes a client and its booking (the real entities into the real tables, the exclusion constraint and the calendar
/// version's move at commit) in one SaveChanges. No rule, read, lock, consent, history, claim link or outbox message,
/// and none of the Api's middleware. Not a product endpoint: it tells whether any booking through ASP.NET Core and EF
/// Core could reach a rate on this machine.
/// </summary>
public static class BareBooking
{
    public const string Path = "/bench/bare-booking";

    private sealed record Request(string Name, string Email, string Phone, DateTimeOffset Start, string TimeZone);

    public sealed record Figure(double PerSecond, int Booked, int Failed, CpuTime CpuPerBooking);

    public static void Map(IApplicationBuilder app)
    {
        // Read once: a booking needs its type's length and buffers, and the real endpoint reads them too.
        var discoveryCall = new Lazy<Task<SessionType>>(async () =>
        {
            await using var scope = app.ApplicationServices.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PortalDb>().SessionTypes.AsNoTracking()
                .SingleAsync(t => t.Slug == SessionTypeSeed.DiscoveryCallSlug);
        });
        app.Map(Path, branch => branch.Run(async context =>
        {
            var request = (await context.Request.ReadFromJsonAsync<Request>(context.RequestAborted))!;
            var db = context.RequestServices.GetRequiredService<PortalDb>();
            // A copy per request, tracked as it is: one instance shared by concurrent contexts would not be safe.
            var type = (SessionType)db.Entry(await discoveryCall.Value).CurrentValues.ToObject();
            db.SessionTypes.Attach(type);
            var now = DateTimeOffset.UtcNow;
            var client = Client.Register(new ContactDetails(request.Name, request.Email, request.Phone), request.TimeZone, now);
            db.Clients.Add(client);
            db.Bookings.Add(Booking.Confirmed(client, type, request.Start, note: null, now));
            await db.SaveChangesAsync(context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status201Created;
        }));
    }

    /// <summary>Bare bookings at <paramref name="callers"/> for <paramref name="seconds"/>, each on its own half hour from
    /// 2033 on (clear of everything else the bench books), after a few seconds of the same to warm up; all gone afterwards.</summary>
    public static async Task<Figure> MeasureAsync(HttpClient http, string connectionString, int postgresProcessId, int callers, int seconds)
    {
        var next = 0;
        try
        {
            await RunAsync(http, callers, TimeSpan.FromSeconds(5), () => Interlocked.Increment(ref next));
            var cpuBefore = CpuTime.Now(postgresProcessId);
            var (booked, failed, elapsed) = await RunAsync(http, callers, TimeSpan.FromSeconds(seconds), () => Interlocked.Increment(ref next));
            return new Figure(booked / elapsed.TotalSeconds, booked, failed, CpuTime.Now(postgresProcessId).Since(cpuBefore).Per(booked));
        }
        finally
        {
            await Database.ExecuteAsync(connectionString, """
                DELETE FROM bookings WHERE client_id IN (SELECT id FROM clients WHERE email_key LIKE 'bare-%');
                DELETE FROM clients WHERE email_key LIKE 'bare-%';
                """);
            await Database.ExecuteAsync(connectionString, "VACUUM (ANALYZE) bookings, clients");
        }
    }

    private static async Task<(int Booked, int Failed, TimeSpan Elapsed)> RunAsync(HttpClient http, int callers, TimeSpan duration, Func<int> nextSlot)
    {
        var booked = 0;
        var failed = 0;
        var firstStart = new DateTimeOffset(2033, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var n = nextSlot();
                using var response = await http.PostAsJsonAsync(Path, BenchData.Guest("discovery-call", firstStart.AddMinutes(30 * n), $"bare-{n}@example.com"));
                _ = response.StatusCode == HttpStatusCode.Created ? Interlocked.Increment(ref booked) : Interlocked.Increment(ref failed);
            }
        }));
        clock.Stop();
        return (booked, failed, clock.Elapsed);
    }
}
