using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Npgsql;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// Someone the practice knows books as a guest: the page says what it says to anyone, and the booking becomes theirs
/// when they press "Confirm" on the page their email links to.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class HeldBookingBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_known_address_sees_the_same_page_then_confirms_its_booking_from_the_email()
    {
        var email = $"returning-{Guid.NewGuid():N}@example.com";
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        var first = await BookAsync(page, email, "Rowan Quilliamson", nth: 0);
        await CancelEveryBookingOfAsync(email); // known to the practice, with no call coming up

        var chosen = await BookAsync(page, email, "Rowan Quilliamson", nth: 1);
        Assert.NotEqual(first, chosen);
        await Chromium.ScreenshotAsync(page, "book-held");
        await Chromium.ExpectAccessibleAsync(page);

        var link = await stack.LinkFromEmailAsync(email, "pending-booking-*-email.eml", "Confirm my booking", DateTime.MinValue);
        await page.GotoAsync(link);
        await Expect(page.Locator("[data-link-address]")).ToHaveTextAsync("r***@example.com");
        await Chromium.ScreenshotAsync(page, "book-confirm-link");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my booking" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are booked" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-confirmation]")).ToContainTextAsync(chosen);
        await Chromium.ScreenshotAsync(page, "book-confirmed-by-link");

        // The link works once.
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link no longer works" })).ToBeVisibleAsync();

        // Nothing of who they are in what the Web, the Api or the Worker logged about it, the emails sent included.
        await stack.LinkFromEmailAsync(email, "booking-*-confirmed-client-email.eml", "Create your account", DateTime.MinValue);
        var lines = stack.LogsOf("web", "api", "worker");
        Assert.All(new[] { "web", "api", "worker" }, resource => Assert.NotEmpty(stack.LogsOf(resource)));
        foreach (var secret in new[] { "Rowan", "Quilliamson", email.Split('@')[0], Phone.Replace(" ", "")[1..] })
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' is in the logs:\n{string.Join("\n", leaks)}");
        }
    }

    private const string Phone = "07911 135791";

    /// <summary>Books the <paramref name="nth"/> free time of the first week as a guest; the time as the page named it.</summary>
    private static async Task<string> BookAsync(IPage page, string email, string name, int nth)
    {
        await page.GotoAsync("/book/discovery-call");
        var time = page.Locator("a.time").Nth(nth);
        var chosen = (await time.GetAttributeAsync("aria-label"))!.Split(" (")[0];
        await time.ClickAsync();
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Phone").FillAsync(Phone);
        await page.GetByLabel("I understand my details").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Thank you, {name.Split(' ')[0]}" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-confirmation]")).ToContainTextAsync(chosen);
        return chosen;
    }

    private async Task CancelEveryBookingOfAsync(string email)
    {
        await using var connection = new NpgsqlConnection(await stack.App.GetConnectionStringAsync("portal"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE bookings SET status = 'Cancelled', cancelled_at = now(), cancellation_kind = 'ByClient' " +
            "WHERE client_id = (SELECT id FROM clients WHERE email_key = @email)", connection);
        command.Parameters.AddWithValue("email", email);
        await command.ExecuteNonQueryAsync();
    }
}
