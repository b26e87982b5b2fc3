using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Fakes;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// She connects Google Calendar on /admin/integrations through Google's consent page (the fake's), picks her
/// calendars, syncs, sees the busy time in the week's list, and that time is gone from the booking page.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class GoogleCalendarBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task She_connects_picks_calendars_and_a_busy_time_in_Google_closes_that_time_on_the_booking_page()
    {
        // Eleven weeks ahead, a Thursday: inside the horizon, away from the dates other tests use.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thursday = today.AddDays(((int)DayOfWeek.Thursday - (int)today.DayOfWeek + 7) % 7 + 77);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        DateTimeOffset Local(int hour) => new(thursday.ToDateTime(new TimeOnly(hour, 0)), london.GetUtcOffset(thursday.ToDateTime(new TimeOnly(hour, 0))));
        stack.Google.AddCalendar("family@group.calendar.google.com", "Family", "reader");
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/integrations");
        try
        {
            await Expect(page.Locator("[data-google-status]")).ToContainTextAsync("Not connected");
            await Chromium.ScreenshotAsync(page, "admin-integrations-not-connected");
            await Chromium.ExpectAccessibleAsync(page);

            await page.GetByRole(AriaRole.Button, new() { Name = "Connect Google Calendar" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portal wants to access your Google Account" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/admin/integrations$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Google Calendar is connected");
            await Expect(page.Locator("[data-google-account]")).ToHaveTextAsync(FakeGoogle.Account);

            await page.GetByLabel("Family").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save calendars" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
            await Expect(page.GetByLabel("Family")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Anna Whitfield (your main calendar)").First).ToBeCheckedAsync();

            stack.Google.Put("primary", FakeGoogle.Timed(Local(10), Local(12), "Dentist"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("read just now");
            await Expect(page.Locator("[data-last-sync]")).ToContainTextAsync("1 added");

            await page.GotoAsync($"/admin/integrations?week={thursday:yyyy-MM-dd}");
            await Expect(page.Locator("[data-google-blocks] li")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-google-blocks]")).ToContainTextAsync("10:00 to");
            await Chromium.ScreenshotAsync(page, "admin-integrations");
            await Chromium.ExpectAccessibleAsync(page);

            await page.GotoAsync($"/book/discovery-call?tz=Europe/London&week={thursday:yyyy-MM-dd}");
            var times = page.Locator($"[data-day='{thursday:yyyy-MM-dd}'] .time");
            await Expect(times.First).ToBeVisibleAsync();
            var offered = await times.AllInnerTextsAsync();
            Assert.Contains("09:00", offered);
            Assert.Contains("12:00", offered);
            Assert.DoesNotContain(offered, t => t is "10:00" or "10:30" or "11:00" or "11:30");
        }
        finally
        {
            await page.GotoAsync("/admin/integrations");
            if (await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).CountAsync() > 0)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("disconnected");
            }
        }
    }

    [Fact]
    public async Task Without_scripts_she_connects_syncs_and_disconnects()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/integrations");
        try
        {
            // The page sends her on to Google by itself (a meta refresh), scripts or not.
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect Google Calendar" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portal wants to access your Google Account" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You did not allow the portal to use your Google Calendar");
            await Expect(page.Locator("[data-google-status]")).ToContainTextAsync("Not connected");

            await page.GetByRole(AriaRole.Button, new() { Name = "Connect Google Calendar" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
            await Expect(page.Locator("[data-google-account]")).ToHaveTextAsync(FakeGoogle.Account);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("read just now");
        }
        finally
        {
            await page.GotoAsync("/admin/integrations");
            if (await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).CountAsync() > 0)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
            }
        }

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("disconnected");
        await Expect(page.Locator("[data-google-status]")).ToContainTextAsync("Not connected");
    }
}
