using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Bookings;

/// <summary>
/// A booking takes one connection from the pool for all its reads and its transaction. Each return to the pool costs a
/// session reset of seven statements on PostgreSQL, and each rent a wait for a free connection under a storm.
/// </summary>
public sealed class BookingConnectionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_guests_booking_takes_one_connection_from_the_pool()
    {
        var opened = new BookingConnectionsOpened();
        using var counted = api.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<PortalDb>((provider, options) =>
                options.AddInterceptors(opened.Watching(provider.GetRequiredService<IHttpContextAccessor>())));
        }));

        var response = await counted.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(13), "one.connection@example.com"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, opened.Opened);
        Assert.Equal(1, opened.Closed); // given back before the answer, not held until the request's scope ends
    }

    /// <summary>
    /// Counts the connections EF Core opens and closes while the Api answers <c>POST /api/bookings</c>, not for work in
    /// the background (it has no HttpContext).
    /// </summary>
    private sealed class BookingConnectionsOpened
    {
        private int opened;
        private int closed;

        public int Opened => opened;

        public int Closed => closed;

        public IInterceptor Watching(IHttpContextAccessor http) => new Interceptor(this, http);

        private sealed class Interceptor(BookingConnectionsOpened counter, IHttpContextAccessor http) : DbConnectionInterceptor
        {
            public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Count(ref counter.opened);

            public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                Count(ref counter.opened);
                return Task.CompletedTask;
            }

            public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Count(ref counter.closed);

            public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
            {
                Count(ref counter.closed);
                return Task.CompletedTask;
            }

            private void Count(ref int field)
            {
                if (http.HttpContext?.Request is { Method: "POST", Path.Value: "/api/bookings" })
                {
                    Interlocked.Increment(ref field);
                }
            }
        }
    }
}
