using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Tests.Fakes;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The therapist's word on her sessions from /admin: who came, and who cancelled too late.</summary>
[Collection(FullStackCollection.Name)]
public sealed class AdminSessionsBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_discovery_call_marked_as_attended_opens_paid_sessions_to_the_client()
    {
        var client = await StackPeople.ClientAsync(stack, "Dora Discovery", pastDiscovery: false);
        var call = await PastDiscoveryCallAsync(client);
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");

        var row = page.Locator($"[data-awaiting-attendance] [data-booking='{call.Id}']");
        await Expect(row).ToContainTextAsync("Dora Discovery");
        await Chromium.ScreenshotAsync(page, "admin-attendance");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Came: Dora Discovery") }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dora Discovery came to the discovery call. Paid sessions are now open to them.");
        await Expect(page.Locator($"[data-booking='{call.Id}']")).ToHaveCountAsync(0);
        await using var db = await OpenDbAsync();
        Assert.Equal(BookingStatus.Completed, (await db.Bookings.SingleAsync(b => b.Id == call.Id, ct)).Status);
        Assert.NotNull((await db.Clients.SingleAsync(c => c.Id == client.Id, ct)).DiscoveryCompletedAt);
    }

    [Fact]
    public async Task The_therapist_marks_her_notifications_as_read()
    {
        await using (var db = await OpenDbAsync())
        {
            db.Notifications.Add(Notification.From(
                new NotificationRequest(Audience.Therapist, null, "New booking: Nell Notified", "Free discovery call", "/admin"),
                $"browser-notification:{Guid.NewGuid():N}", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(ct);
        }

        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");
        await Expect(page.Locator(".notifications li.unread", new() { HasText = "New booking: Nell Notified" })).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-unread-notifications]")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();

        await Expect(page.Locator(".notifications li", new() { HasText = "New booking: Nell Notified" })).Not.ToHaveClassAsync("unread");
        await Expect(page.Locator("[data-unread-notifications]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-therapist-home] .lead")).ToContainTextAsync("0 new notifications");
    }

    [Fact]
    public async Task A_late_cancellation_keeps_the_payment_unless_the_therapist_chooses_to_refund_it()
    {
        var kept = await PaidBookingAsync("Kit Keeps");
        var refunded = await PaidBookingAsync("Rory Refund");
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");

        // What the client wrote when booking is here, folded, and only here (never in her email).
        var note = page.Locator($"[data-booking='{kept.BookingId}'] [data-client-note]");
        await note.GetByText("Their note").ClickAsync();
        await Expect(note).ToContainTextAsync("Kit Keeps would like to talk about work.");
        await Chromium.ScreenshotAsync(page, "admin-client-note");
        await Chromium.ExpectAccessibleAsync(page);

        await CancelAsync(page, kept.BookingId, "The client, too late: keep the payment", screenshot: "admin-cancel");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The payment, if any, is kept");
        await CancelAsync(page, refunded.BookingId, "The client, too late, but refund it anyway");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("refunded in full");

        await Eventually.TrueAsync(() => stack.Stripe.Refunds.Any(r => r["payment_intent"]!.GetValue<string>() == refunded.PaymentIntent),
            TimeSpan.FromSeconds(30), "the refund chosen by the therapist did not reach Stripe");
        Assert.DoesNotContain(stack.Stripe.Refunds, r => r["payment_intent"]!.GetValue<string>() == kept.PaymentIntent);
        await using var db = await OpenDbAsync();
        var bookings = await db.Bookings.Where(b => b.Id == kept.BookingId || b.Id == refunded.BookingId).ToListAsync(ct);
        Assert.All(bookings, b => Assert.Equal(BookingStatus.Cancelled, b.Status));
        Assert.Null((await db.Payments.SingleAsync(p => p.BookingId == kept.BookingId, ct)).RefundRequestedAt);
    }

    private async Task CancelAsync(IPage page, Guid bookingId, string choice, string? screenshot = null)
    {
        var row = page.Locator($"[data-booking='{bookingId}']");
        await row.GetByText("Cancel…").ClickAsync();
        await row.GetByLabel(choice).CheckAsync();
        if (screenshot is not null)
        {
            await Chromium.ScreenshotAsync(page, screenshot);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel this session" }).ClickAsync();
        await Expect(page.Locator($"[data-booking='{bookingId}']")).ToHaveCountAsync(0);
    }

    /// <summary>A discovery call that took place yesterday evening, outside the hours anyone can book.</summary>
    private async Task<Booking> PastDiscoveryCallAsync(Client client)
    {
        await using var db = await OpenDbAsync();
        var type = await db.SessionTypes.SingleAsync(t => t.Slug == "discovery-call", ct);
        var yesterday = DateTimeOffset.UtcNow.Date.AddDays(-1);
        var start = new DateTimeOffset(yesterday.AddHours(21).AddMinutes(40), TimeSpan.Zero);
        db.Attach(client);
        var booking = Booking.Confirmed(client, type, start, null, start.AddDays(-3));
        db.Bookings.Add(booking);
        await db.SaveChangesAsync(ct);
        return booking;
    }

    /// <summary>A client past discovery books the first online session of the week and pays at the (fake) Checkout.</summary>
    private async Task<(Guid BookingId, string PaymentIntent)> PaidBookingAsync(string name)
    {
        var client = await StackPeople.ClientAsync(stack, name, pastDiscovery: true);
        var api = await StackPeople.ApiSignedInAsync(stack, client.Email);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var slots = await api.GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=online-session&tz=Europe/London&from={today:yyyy-MM-dd}&to={today.AddDays(6):yyyy-MM-dd}", ct);
        var start = DateTimeOffset.Parse(slots!.Days.SelectMany(d => d.Starts).First(), System.Globalization.CultureInfo.InvariantCulture);

        var response = await api.PostAsJsonAsync("/api/bookings",
            new { sessionType = "online-session", start, timeZone = "Europe/London", note = $"{name} would like to talk about work." }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;
        var sessionId = booking.CheckoutUrl!.Split('/').Last();
        using var webhook = FakeStripe.Event("checkout.session.completed", stack.Stripe.Complete(sessionId), DateTimeOffset.UtcNow).ToRequest();
        Assert.Equal(HttpStatusCode.OK, (await stack.App.CreateHttpClient("api").SendAsync(webhook, ct)).StatusCode);
        return (booking.Id, stack.Stripe.Session(sessionId)["payment_intent"]!.GetValue<string>());
    }

    private async Task<PortalDb> OpenDbAsync() => TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
}
