using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Waitlist;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;
using static Portal.Tests.Waitlist.WaitlistScenario;

namespace Portal.Tests.Waitlist;

/// <summary>
/// The waitlist's offers against real PostgreSQL and the test clock. Each test has a day of its own in the week of
/// 9 March, worked only at the hours it sets, so the passes of one test find nothing to offer on another's day.
/// </summary>
public sealed class WaitlistOfferTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cancellation_offers_the_time_to_the_first_in_line_only_and_an_expired_offer_passes_it_to_the_second()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await api.OnlyHoursAsync(9, new TimeOnly(10, 0), new TimeOnly(10, 30));
        var (_, holder) = await api.ClientSignedInAsync("holder@example.com", discoveryCompleted: false);
        var booked = await holder.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start = At(9, 10) }, ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var (first, firstHttp) = await api.ClientSignedInAsync("first-in-line@example.com", discoveryCompleted: false);
        var (second, secondHttp) = await api.ClientSignedInAsync("second-in-line@example.com", discoveryCompleted: false);
        await firstHttp.JoinAsync("discovery-call", 9, "morning");
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await secondHttp.JoinAsync("discovery-call", 9, "morning", "afternoon");

        await api.PassAsync();
        Assert.Null((await firstHttp.MineAsync()).Single().Offer);

        var booking = (await booked.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
        Assert.Equal(HttpStatusCode.OK, (await holder.PostAsync($"/api/bookings/{booking.Id}/cancel", null, ct)).StatusCode);
        await api.PassAsync();

        var offer = (await firstHttp.MineAsync()).Single().Offer;
        Assert.NotNull(offer);
        Assert.Equal(At(9, 10), offer.Start);
        Assert.Equal(api.Clock.GetUtcNow() + TimeSpan.FromHours(2), offer.ExpiresAt);
        Assert.Null((await secondHttp.MineAsync()).Single().Offer);
        Assert.Equal(At(9, 10), Assert.Single(await api.OfferEmailsToAsync("first-in-line@example.com")).StartsAt);
        Assert.Contains("/me/waitlist#offer-", Assert.Single(await api.NotificationsForAsync(first.Id)).Link);
        Assert.Empty(await api.OfferEmailsToAsync("second-in-line@example.com"));

        // Held for the first in line: nobody else can book it meanwhile.
        var guest = await api.CreateClient().PostBookingAsync(Guest("discovery-call", At(9, 10), "passer-by@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, guest.StatusCode);

        api.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var pass = await api.PassAsync();
            Assert.True(pass.Expired >= 1);

            Assert.Null((await firstHttp.MineAsync()).Single().Offer);
            var passedOn = (await secondHttp.MineAsync()).Single().Offer;
            Assert.NotNull(passedOn);
            Assert.Equal(At(9, 10), passedOn.Start);
            Assert.Single(await api.OfferEmailsToAsync("second-in-line@example.com"));
            Assert.Single(await api.NotificationsForAsync(second.Id));

            var late = await firstHttp.PostAsync($"/api/me/waitlist/offers/{offer.Id}/take", null, ct);
            Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
            Assert.Equal("offer-ended", (await ProblemAsync(late)).GetProperty("code").GetString());
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }
    }

    [Fact]
    public async Task Two_takes_of_the_same_offer_make_one_booking_and_nobody_else_can_take_it()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await api.OnlyHoursAsync(10, new TimeOnly(10, 0), new TimeOnly(10, 30));
        var (taker, takerHttp) = await api.ClientSignedInAsync("taker@example.com", discoveryCompleted: false);
        var (_, otherHttp) = await api.ClientSignedInAsync("also-waiting@example.com", discoveryCompleted: false);
        await takerHttp.JoinAsync("discovery-call", 10);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await otherHttp.JoinAsync("discovery-call", 10);
        await api.PassAsync();
        var offer = (await takerHttp.MineAsync()).Single().Offer!;

        Assert.Equal(HttpStatusCode.NotFound, (await otherHttp.PostAsync($"/api/me/waitlist/offers/{offer.Id}/take", null, ct)).StatusCode);

        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => takerHttp.PostAsync($"/api/me/waitlist/offers/{offer.Id}/take", null, ct)));

        Assert.All(takes, t => Assert.Equal(HttpStatusCode.OK, t.StatusCode));
        var answers = await Task.WhenAll(takes.Select(t => t.Content.ReadFromJsonAsync<BookingResponse>(ct)));
        Assert.Single(answers.Select(a => a!.Id).Distinct());
        Assert.Equal("Confirmed", answers[0]!.Status);
        await using var db = api.OpenDb();
        var start = At(10, 10);
        Assert.Single(await db.Bookings.Where(b => b.StartsAt == start && Booking.HoldingTime.Contains(b.Status)).ToListAsync(ct));
        Assert.Equal(taker.Id, (await db.Bookings.SingleAsync(b => b.Id == answers[0]!.Id, ct)).ClientId);
        Assert.Empty(await takerHttp.MineAsync());

        await api.PassAsync();
        Assert.Null((await otherHttp.MineAsync()).Single().Offer);
        Assert.Equal(0, await CountOverlapsAsync(api.DatabaseConnectionString));
    }

    [Fact]
    public async Task Leaving_ends_the_place_and_its_offer_and_the_time_goes_to_the_next_in_line()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await api.OnlyHoursAsync(11, new TimeOnly(10, 0), new TimeOnly(10, 30));
        var (_, leaverHttp) = await api.ClientSignedInAsync("leaver@example.com", discoveryCompleted: false);
        var (_, nextHttp) = await api.ClientSignedInAsync("next-after-leaver@example.com", discoveryCompleted: false);
        var place = await leaverHttp.JoinAsync("discovery-call", 11);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await nextHttp.JoinAsync("discovery-call", 11);
        await api.PassAsync();
        Assert.NotNull((await leaverHttp.MineAsync()).Single().Offer);

        Assert.Equal(HttpStatusCode.NoContent, (await leaverHttp.DeleteAsync($"/api/me/waitlist/{place.Id}", ct)).StatusCode);
        Assert.Empty(await leaverHttp.MineAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await leaverHttp.DeleteAsync($"/api/me/waitlist/{place.Id}", ct)).StatusCode);

        await api.PassAsync();
        Assert.Equal(At(11, 10), (await nextHttp.MineAsync()).Single().Offer?.Start);
    }

    [Fact]
    public async Task A_paid_offer_is_taken_through_stripe_checkout_like_any_paid_booking()
    {
        api.Clock.Set(ApiFactory.DefaultNow);
        await api.OnlyHoursAsync(12, new TimeOnly(10, 0), new TimeOnly(11, 0));
        var (_, http) = await api.ClientSignedInAsync("paid-waiter@example.com", discoveryCompleted: true);
        await http.JoinAsync("online-session", 12, "morning");
        await api.PassAsync();
        var offer = (await http.MineAsync()).Single().Offer!;

        var taken = await http.PostAsync($"/api/me/waitlist/offers/{offer.Id}/take", null, ct);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var booking = (await taken.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
        Assert.Equal(("PendingPayment", At(12, 10)), (booking.Status, booking.Start));
        Assert.False(string.IsNullOrEmpty(booking.CheckoutUrl));
        await using var db = api.OpenDb();
        Assert.Equal(OfferStatus.Taken, (await db.WaitlistOffers.SingleAsync(o => o.Id == offer.Id, ct)).Status);
    }
}
