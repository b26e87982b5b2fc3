using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Npgsql;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(FullStackCollection.Name)]
public sealed class SignInBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_guest_books_opens_the_claim_link_from_the_email_presses_sign_in_and_finds_the_booking_on_me()
    {
        var email = $"claim-{Guid.NewGuid():N}@example.com";
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await page.GotoAsync("/book/discovery-call");
        // The week's last time: far enough ahead (outside the 24-hour window) for the client to move it.
        var firstTime = page.Locator("a.time").Last;
        var chosen = (await firstTime.GetAttributeAsync("aria-label"))!.Split(" (")[0];
        await firstTime.ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Claire Claimer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Phone").FillAsync("07911 123456");
        await page.GetByLabel("I understand my details").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, Claire" })).ToBeVisibleAsync();

        var link = await stack.LinkFromEmailAsync(email, "*-confirmed-client-email.eml", "Create your account", DateTime.MinValue);
        Assert.StartsWith(stack.WebUrl.GetLeftPart(UriPartial.Authority), link);

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create your account");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-link-address]")).ToHaveTextAsync("c***@example.com");
        await Chromium.ScreenshotAsync(page, "signin-confirm");
        Assert.Equal(0, await SpentLinksAsync(email)); // opening the link spent nothing

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.Locator("[data-upcoming]")).ToContainTextAsync(chosen);
        await Expect(page.Locator("[data-upcoming]")).ToContainTextAsync("Free discovery call");
        await Chromium.ScreenshotAsync(page, "me");
        Assert.Equal(1, await SpentLinksAsync(email));

        // Moving it: the free times of the next two weeks; the one chosen is said back before anything moves.
        await page.GetByRole(AriaRole.Link, new() { Name = "Move it" }).ClickAsync();
        // The last time offered, two weeks ahead: outside the window, so it can still be cancelled below.
        var newTime = page.Locator("[data-move] a.time").Last;
        var moveTo = (await newTime.GetAttributeAsync("aria-label"))!.Split(" (")[0];
        await Chromium.ScreenshotAsync(page, "me-move");
        await newTime.ClickAsync();
        await Expect(page.Locator("[data-confirm-move]")).ToContainTextAsync(moveTo);
        await Expect(page.Locator("[data-final-warning]")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "me-move-confirm");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, move it" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session has moved");
        await Expect(page.Locator("[data-upcoming]")).ToContainTextAsync(moveTo);

        // Cancelling it asks first, and a cancelled future session is not a past one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel this session" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cancel your free discovery call?");
        await Chromium.ScreenshotAsync(page, "me-cancel");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session is cancelled");
        await Expect(page.Locator("[data-called-off]")).ToContainTextAsync(new Regex($"{Regex.Escape(moveTo)}.* · cancelled"));
        await Expect(page.Locator("[data-past]")).ToHaveCountAsync(0);

        // A client is not the therapist.
        var admin = await page.GotoAsync("/admin");
        Assert.Equal(403, admin!.Status);
    }

    [Fact]
    public async Task The_therapist_going_to_admin_is_sent_to_sign_in_and_after_the_emailed_link_comes_back_to_admin()
    {
        const string therapist = "anna@quietharbour.example"; // Identity:TherapistEmail in the AppHost's settings
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        var before = DateTime.UtcNow;

        await page.GotoAsync("/admin");

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fadmin$"));
        await Chromium.ScreenshotAsync(page, "signin");
        await page.GetByLabel("Email").First.FillAsync(therapist);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "signin-check-email");

        var link = await stack.LinkFromEmailAsync(therapist, "sign-in-link-*.eml", "Sign in", before);
        var failed = await AddDeadLetterAsync();
        await page.GotoAsync(link);
        // Whose link this is, before anything is spent: a forwarded link is noticed here.
        await Expect(page.Locator("[data-link-address]")).ToHaveTextAsync("a***@quietharbour.example");
        await Chromium.ScreenshotAsync(page, "signin-confirm-therapist");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-failed-to-send] li", new() { HasText = failed })).ToContainTextAsync("In-app notification for you: Retried");
        await Chromium.ScreenshotAsync(page, "admin");
        // The form posts and comes back to /admin; a reload before that navigation ends finds no page to reload.
        await page.RunAndWaitForResponseAsync(
            () => page.Locator("[data-failed-to-send] li", new() { HasText = failed }).GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync(),
            response => response.Request.Method == "GET" && new Uri(response.Url).AbsolutePath == "/admin");
        // Retried, the Worker delivers it at once (the retry wakes it): after a reload it is gone from the list.
        var gone = false;
        for (var attempt = 0; attempt < 20 && !gone; attempt++)
        {
            await page.GotoAsync("/admin");
            gone = await page.Locator("[data-failed-to-send]", new() { HasText = failed }).CountAsync() == 0;
            if (!gone)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(gone, $"{failed} is still listed as failed after the retry");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Practice" }).GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "the sign-in audit" }).ClickAsync();
        await Expect(page.Locator("[data-sign-in-audit]")).ToContainTextAsync($"{therapist} signed in");
        await Chromium.ScreenshotAsync(page, "admin-sign-ins");
        await page.GotoAsync("/admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fadmin$"));
    }

    /// <summary>The link behind a button of the newest matching email the Worker wrote to the stack's mail folder.</summary>
    /// <summary>A notification that failed every attempt; retried, it goes through.</summary>
    private async Task<string> AddDeadLetterAsync()
    {
        var key = $"browser-dead:{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(await stack.App.GetConnectionStringAsync("portal"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, type, payload, deduplication_key, created_at, next_attempt_at, attempts, last_error, dead_lettered_at)
            VALUES (@id, 'notification', '{"audience":0,"title":"Retried","body":"It went through","link":"/admin"}', @key, now(), now(), 12,
                    'The database was briefly unreachable.', now())
            """, connection);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
        return key;
    }

    private async Task<long> SpentLinksAsync(string email)
    {
        await using var connection = new NpgsqlConnection(await stack.App.GetConnectionStringAsync("portal"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM magic_links WHERE email_key = @email AND consumed_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("email", email);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
