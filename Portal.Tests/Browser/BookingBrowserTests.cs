using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(FullStackCollection.Name)]
public sealed class BookingBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_guest_books_the_discovery_call_end_to_end()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Book a free 20-minute discovery call" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Free discovery call" })).ToBeVisibleAsync();
        await Expect(page.GetByText("All times are London time.")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "book-slots");

        var firstTime = page.Locator("a.time").First;
        var chosen = await firstTime.GetAttributeAsync("aria-label");
        await firstTime.ClickAsync();
        await Expect(page.Locator("[data-chosen-time]")).ToContainTextAsync(chosen!.Split(" (")[0]);

        await page.GetByLabel("Your name").FillAsync("Robin Example");
        await page.GetByLabel("Email").FillAsync($"robin-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Phone").FillAsync("07911 123456");
        await page.GetByLabel("I understand my details").CheckAsync();
        await Chromium.ScreenshotAsync(page, "book-details");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, Robin" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-confirmation]")).ToContainTextAsync(chosen.Split(" (")[0]);
        await Expect(page.Locator("[data-confirmation]")).ToContainTextAsync("where you can move or cancel the session yourself");
        await Chromium.ScreenshotAsync(page, "book-confirmed");
    }

    [Fact]
    public async Task A_form_with_several_mistakes_names_them_all_at_once_and_marks_each_wrong_field()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await page.GotoAsync("/book/discovery-call");
        await page.Locator("a.time").First.ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Val Nowhere");
        await page.GetByLabel("Email").FillAsync("val@nowhere");
        await page.GetByLabel("Phone").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary.Locator("li")).ToHaveCountAsync(3);
        await Expect(summary).ToContainTextAsync("Please confirm you have read how your details are used.");
        await Expect(summary).ToBeFocusedAsync();
        foreach (var (label, id) in new[] { ("Email", "Input_Email"), ("Phone", "Input_Phone") })
        {
            var field = page.GetByLabel(label);
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(field).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex($"^{id}-error "));
            await Expect(page.Locator($"#{id}-error")).Not.ToBeEmptyAsync();
        }

        await Expect(page.GetByLabel("Your name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("val@nowhere");
        await Chromium.ScreenshotAsync(page, "book-details-errors");
        await Chromium.ExpectAccessibleAsync(page);
    }

    [Fact]
    public async Task The_booking_pages_ask_for_nothing_missing_and_break_no_content_security_rule()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        var failed = new List<string>();
        var refused = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await page.GotoAsync("/book");
        await page.GotoAsync("/book/discovery-call");
        await page.Locator("a.time").First.ClickAsync();
        await Expect(page.Locator("[data-chosen-time]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.GotoAsync("/favicon.ico");

        Assert.Empty(failed);
        Assert.Empty(refused);
    }

    [Fact]
    public async Task A_signed_in_client_is_not_asked_for_what_the_portal_knows()
    {
        var client = await StackPeople.ClientAsync(stack, $"Kit {Guid.NewGuid():N}"[..12], pastDiscovery: false);
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/book/discovery-call");
        // The week's last time: no other test of the run takes it so late.
        await page.Locator("a.time").Last.ClickAsync();

        await Expect(page.Locator("[data-booking-as]")).ToContainTextAsync(client.Email);
        await Expect(page.GetByLabel("Your name")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("I understand my details")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "book-details-signed-in");
        await Chromium.ExpectAccessibleAsync(page);

        // Refused for its note alone: only the note is named, nothing about fields the page does not show.
        await page.GetByLabel("Anything you would like me to know?").EvaluateAsync("(note) => note.value = 'x'.repeat(2001)");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();
        await Expect(page.Locator(".error-summary li")).ToHaveCountAsync(1);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("note");
        await Expect(page.GetByLabel("Anything you would like me to know?")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Anything you would like me to know?").FillAsync("Evenings suit me best.");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Thank you"));
    }

    [Fact]
    public async Task A_week_with_no_free_time_offers_the_next_free_day_and_a_way_to_write()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DateTime);
        DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), london.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
        // Fourteen weeks ahead, a week she has blocked (PracticeSettingsBrowserTests uses the ninth and tenth).
        var blockedWeek = today.AddDays(100);
        using var therapist = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        using var blocked = await therapist.PostAsJsonAsync("/api/availability/blocked-periods",
            new { start = Midnight(blockedWeek), end = Midnight(blockedWeek.AddDays(7)) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);

        await page.GotoAsync($"/book/discovery-call?tz=Europe%2FLondon&week={blockedWeek:yyyy-MM-dd}");

        var empty = page.Locator("[data-week-empty]");
        await Expect(empty).ToContainTextAsync("There are no free times this week. The next free time is on");
        await Expect(empty.GetByRole(AriaRole.Link, new() { NameRegex = new("^hello@") })).ToBeVisibleAsync();
        await Expect(page.Locator("a.time")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "book-week-empty");
        await Chromium.ExpectAccessibleAsync(page);
        await empty.GetByRole(AriaRole.Link, new() { NameRegex = new("^See the times on") }).ClickAsync();
        await Expect(page.Locator("a.time").First).ToBeVisibleAsync();

        // Past the booking horizon (120 days) nothing is free at all: a way to write is all there is.
        await page.GotoAsync($"/book/discovery-call?tz=Europe%2FLondon&week={today.AddDays(130):yyyy-MM-dd}");
        await Expect(page.Locator("[data-week-empty]")).ToContainTextAsync("There are no free times in the next 8 weeks.");
    }

    [Fact]
    public async Task Paid_sessions_are_shown_locked_with_a_kind_explanation()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);

        await page.GotoAsync("/book");

        var paid = page.Locator("[data-session-type='online-session']");
        await Expect(paid.Locator("[data-locked]")).ToContainTextAsync("Opens after your discovery call");
        await Expect(paid.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-session-type='discovery-call']").GetByRole(AriaRole.Link)).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "book-locked");

        await page.GotoAsync("/book/online-session");
        await Expect(page.Locator("[data-locked]")).ToContainTextAsync("opens after your discovery call");
        await Expect(page.Locator("a.time")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_link_to_a_time_that_has_passed_leads_to_the_free_times_with_a_word_on_why()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:00Z");

        await page.GotoAsync($"/book/discovery-call/details?start={Uri.EscapeDataString(yesterday)}");

        await Expect(page.Locator("[data-booking-message]")).ToContainTextAsync("That time has already passed");
        await Expect(page.Locator("a.time").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Your name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_link_to_a_time_that_is_not_offered_leads_to_that_weeks_free_times_before_anything_is_typed()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        // Three days ahead at 09:07 London time: never on the grid of times offered.
        var day = DateTime.UtcNow.Date.AddDays(3);
        var offGrid = new DateTimeOffset(day.AddHours(9).AddMinutes(7), TimeZoneInfo.FindSystemTimeZoneById("Europe/London").GetUtcOffset(day));

        await page.GotoAsync($"/book/discovery-call/details?start={Uri.EscapeDataString(offGrid.ToString("O"))}&tz=Europe%2FLondon");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/book/discovery-call\\?.*week={day:yyyy-MM-dd}"));
        await Expect(page.Locator("[data-booking-message]")).ToContainTextAsync("That time is not free");
        await Expect(page.GetByLabel("Your name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_time_taken_while_the_form_is_open_sends_the_visitor_back_to_fresh_times_keeping_what_they_typed()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await page.GotoAsync("/book/discovery-call");
        var lastTime = page.Locator("a.time").Last;
        var start = await lastTime.GetAttributeAsync("data-start");
        await lastTime.ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Alex Example");
        await page.GetByLabel("Email").FillAsync($"alex-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Phone").FillAsync("07911 123457");
        await page.GetByLabel("I understand my details").CheckAsync();

        // Someone else takes the same time first.
        var taken = await stack.App.CreateHttpClient("api").PostAsJsonAsync("/api/bookings", new
        {
            sessionType = "discovery-call", start = DateTimeOffset.Parse(start!), name = "Quick Person",
            email = $"quick-{Guid.NewGuid():N}@example.com", phone = "07911 111222", timeZone = "Europe/London", privacyConsent = true,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book ") }).ClickAsync();

        await Expect(page.Locator("[data-booking-message]")).ToContainTextAsync("That time was just taken");
        await Expect(page.Locator($"a.time[data-start='{start}']")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "book-time-taken");
        await page.Locator("a.time").First.ClickAsync();
        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Alex Example");
    }
}
