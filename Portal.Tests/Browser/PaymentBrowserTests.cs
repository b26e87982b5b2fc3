using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Portal.Core.Clients;
using Portal.Tests.Fakes;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(FullStackCollection.Name)]
public sealed class PaymentBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_past_discovery_picks_a_paid_session_is_sent_to_Checkout_and_sees_it_confirmed_when_Stripe_says_so()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        var client = await SignInAsClientPastDiscoveryAsync(page, "Paula Payer");

        var time = page.Locator("a.time").First;
        var chosen = (await time.GetAttributeAsync("aria-label"))!.Split(" (")[0];
        await time.ClickAsync();
        await Expect(page.Locator("[data-chosen-time]")).ToContainTextAsync(chosen);
        await Expect(page.Locator("main")).ToContainTextAsync("£75");
        await Chromium.ScreenshotAsync(page, "book-pay");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        // The first paid booking of a cold stack starts Stripe's client in the Api: give it time.
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(stack.Stripe.BaseUrl.ToString())}c/pay/cs_test_"), new() { Timeout = 20_000 });
        var sessionId = page.Url.Split('/').Last();
        var session = stack.Stripe.Session(sessionId);
        var successUrl = session["success_url"]!.GetValue<string>();
        Assert.StartsWith(stack.WebUrl.GetLeftPart(UriPartial.Authority), successUrl);

        // Back from Checkout before Stripe's webhook: the page waits for it, then shows the booking by itself.
        await page.GotoAsync(successUrl);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirming your payment…" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "book-confirming");
        var paid = FakeStripe.Event("checkout.session.completed", stack.Stripe.Complete(sessionId), DateTimeOffset.UtcNow);
        using var webhook = paid.ToRequest();
        Assert.Equal(HttpStatusCode.OK, (await stack.App.CreateHttpClient("api").SendAsync(webhook, ct)).StatusCode);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are booked" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-confirmation]")).ToContainTextAsync(chosen);
        await Chromium.ScreenshotAsync(page, "book-paid");

        // The therapist finds the payment under the client's name (another test's late cancellation may have been paid for the same time) and refunds it; the Worker asks Stripe once.
        var admin = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(admin, StackPeople.TherapistEmail, "/admin/payments");
        var row = admin.Locator($"[data-client='{client.Id}'] li", new() { HasText = "£75" }).Filter(new() { HasText = chosen });
        await Expect(row.Locator("[data-payment-status]")).ToHaveTextAsync("paid");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Refund £75 to ") }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Refund requested");
        var refunded = false;
        for (var attempt = 0; attempt < 40 && !refunded; attempt++)
        {
            await Task.Delay(500, ct);
            await admin.ReloadAsync();
            refunded = await row.Locator("[data-payment-status]").TextContentAsync() == "refunded";
        }

        Assert.True(refunded, "the payment is not shown as refunded");
        var paymentIntent = stack.Stripe.Session(sessionId)["payment_intent"]!.GetValue<string>();
        await Chromium.ScreenshotAsync(admin, "admin-payments");
        Assert.Single(stack.Stripe.Refunds, r => r["payment_intent"]!.GetValue<string>() == paymentIntent);
    }

    [Fact]
    public async Task A_client_who_leaves_Checkout_can_go_back_to_it_or_let_the_time_go()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await SignInAsClientPastDiscoveryAsync(page, "Lena Leaver");
        var time = page.Locator("a.time").Last;
        var chosen = (await time.GetAttributeAsync("aria-label"))!;
        await time.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(stack.Stripe.BaseUrl.ToString())}c/pay/cs_test_"), new() { Timeout = 20_000 });
        var sessionId = page.Url.Split('/').Last();

        // Stripe's "back" link on its hosted page leads to the cancel URL.
        await page.GotoAsync(stack.Stripe.Session(sessionId)["cancel_url"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No payment was taken" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Return to payment" })).ToHaveAttributeAsync("href", stack.Stripe.Session(sessionId)["url"]!.GetValue<string>());
        await Chromium.ScreenshotAsync(page, "book-not-paid");

        await page.GetByRole(AriaRole.Button, new() { Name = "Let this time go" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The time is free again");
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose another time" }).ClickAsync();
        await Expect(page.Locator($"a.time[aria-label='{chosen}']")).ToHaveCountAsync(1);
        for (var attempt = 0; attempt < 40 && stack.Stripe.Session(sessionId)["status"]!.GetValue<string>() != "expired"; attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.Equal("expired", stack.Stripe.Session(sessionId)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_payment_page_for_a_time_that_has_passed_leads_back_to_the_free_times_before_anything_is_held()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await SignInAsClientPastDiscoveryAsync(page, "Olga Oldlink");
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:00Z");
        var checkoutsBefore = CheckoutsCreated();

        await page.GotoAsync($"/book/online-session/pay?start={Uri.EscapeDataString(yesterday)}");

        await Expect(page.Locator("[data-booking-message]")).ToContainTextAsync("That time has already passed");
        await Expect(page.Locator("a.time").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" })).ToHaveCountAsync(0);
        Assert.Equal(checkoutsBefore, CheckoutsCreated());
    }

    private int CheckoutsCreated() => stack.Stripe.Requests.Count(r => r is { Method: "POST", Path: "/v1/checkout/sessions" });

    /// <summary>A client the therapist has marked past discovery, signed in, on the online session's times.</summary>
    private async Task<Client> SignInAsClientPastDiscoveryAsync(IPage page, string name)
    {
        var client = await StackPeople.ClientAsync(stack, name, pastDiscovery: true);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/book/online-session");
        return client;
    }
}
