using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Practice;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// She runs the practice from /admin: her hours and days off, her session types, the practice's name and colour, and
/// the public pages and emails follow. The stack's database is shared: each test puts back what it changed.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class PracticeSettingsBrowserTests(PortalStack stack, Chromium chromium)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hours_on_a_Sunday_and_a_day_off_on_a_Wednesday_show_on_the_booking_page()
    {
        // Nine weeks ahead: inside the horizon, past the dates the other tests book.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sunday = today.AddDays(((int)DayOfWeek.Sunday - (int)today.DayOfWeek + 7) % 7 + 63);
        var wednesday = sunday.AddDays(3);
        var therapist = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        var hours = (await therapist.GetFromJsonAsync<WorkingHoursDto[]>("/api/availability/working-hours", Json, ct))!;
        Assert.DoesNotContain(hours, h => h.Day == DayOfWeek.Sunday);
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await ExpectTimesAsync(page, sunday, wednesday, onSunday: false, onWednesday: true);
        try
        {
            await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/availability");
            var sundayHours = page.Locator("[data-day='Sunday']");
            await sundayHours.GetByLabel("From").FillAsync("10:00");
            await sundayHours.GetByLabel("Until").FillAsync("12:00");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save weekly hours" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your weekly hours are saved");

            var dates = page.Locator("[data-date-form]");
            await dates.GetByLabel("Date", new() { Exact = true }).FillAsync(wednesday.ToString("yyyy-MM-dd"));
            await dates.GetByLabel("A day off").CheckAsync();
            await dates.GetByLabel("Note for yourself").FillAsync("Garden day");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add this date" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is a day off");
            await Expect(page.Locator($"[data-dates] [data-date='{wednesday:yyyy-MM-dd}']")).ToContainTextAsync("Day off · Garden day");
            await Expect(page.Locator("[data-day='Sunday'] [data-range='0'] [data-start]")).ToHaveValueAsync("10:00");
            await Chromium.ScreenshotAsync(page, "admin-availability");
            await Chromium.ExpectAccessibleAsync(page);

            await ExpectTimesAsync(page, sunday, wednesday, onSunday: true, onWednesday: false);
            await Expect(page.Locator($"[data-day='{sunday:yyyy-MM-dd}'] .time").First).ToHaveTextAsync("10:00");
        }
        finally
        {
            // A failed restore would break every later test of the stack: say so here.
            (await therapist.PutAsJsonAsync("/api/availability/working-hours", hours, Json, ct)).EnsureSuccessStatusCode();
            var added = await therapist.GetFromJsonAsync<AvailabilityExceptionDto[]>("/api/availability/exceptions", Json, ct);
            foreach (var exception in added!.Where(e => e.Date == wednesday))
            {
                await therapist.DeleteAsync($"/api/availability/exceptions/{exception.Id}", ct);
            }
        }
    }

    [Fact]
    public async Task A_session_type_she_creates_is_offered_on_the_booking_page_until_she_stops_offering_it()
    {
        var name = $"Walk and talk {Guid.NewGuid().ToString("N")[..6]}";
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/session-types");
        await Chromium.ScreenshotAsync(page, "admin-session-types");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a session type" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save session type" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Give the session a name.");
        await Chromium.ScreenshotAsync(page, "admin-session-type-errors");
        await Chromium.ExpectAccessibleAsync(page);

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Description").FillAsync("We walk by the river and talk.");
        await page.GetByLabel("Length, in minutes").FillAsync("60");
        await page.GetByLabel("Price", new() { Exact = true }).FillAsync("0");
        await page.GetByLabel("In person").CheckAsync();
        await page.GetByLabel("Only for clients whose discovery call is done").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save session type" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} is saved.");
        await Expect(page.Locator("[data-session-types]")).ToContainTextAsync("60 min · Free · in person");

        await page.GotoAsync("/book");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();

        await page.GotoAsync("/admin/session-types");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Stop offering {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} is no longer offered");
        await page.GotoAsync("/book");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_new_name_and_colour_show_on_the_home_page_the_theme_and_the_next_email_after_she_confirms_what_it_means()
    {
        var therapist = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        var original = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;
        var newName = $"Harbour Light {Guid.NewGuid().ToString("N")[..6]}";
        var client = await StackPeople.ClientAsync(stack, "Elsie Letters", pastDiscovery: false);
        var booking = await BookFarAheadAsync(client.Email);
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        try
        {
            await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin/settings");
            await Chromium.ScreenshotAsync(page, "admin-settings");
            await Chromium.ExpectAccessibleAsync(page);
            await page.GetByLabel("Practice name").FillAsync(newName);
            await page.GetByLabel("Accent colour as #rrggbb").FillAsync("#8a3b12");
            await page.GetByLabel("Cancellation window, in hours").FillAsync((original.CancellationWindowHours + 6).ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

            var confirm = page.Locator("[data-confirm-step]");
            await Expect(confirm).ToContainTextAsync(new System.Text.RegularExpressions.Regex("upcoming sessions? keeps? (its|their) times?"));
            await Expect(confirm).ToContainTextAsync(new System.Text.RegularExpressions.Regex("may now cancel or move a session until .+ before it starts", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            await Chromium.ScreenshotAsync(page, "admin-settings-confirm");
            await Chromium.ExpectAccessibleAsync(page);
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Go back" }).ClickAsync();
            await Expect(page.GetByLabel("Practice name")).ToHaveValueAsync(newName);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await page.Locator("[data-confirm-step]").GetByRole(AriaRole.Button, new() { Name = "Save anyway" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");

            // The Web she saved on shows it at once; another instance (the proxy picks one per request) within seconds,
            // from a page after its memory of the profile went stale (PracticeProfiles.FreshFor).
            await Eventually.TrueAsync(async () =>
            {
                await page.GotoAsync("/");
                return await page.Locator(".brand").TextContentAsync() == newName
                    && (await (await page.APIRequest.GetAsync("/theme.css")).TextAsync()).Contains("#8a3b12");
            }, TimeSpan.FromSeconds(20), "the home page and the theme do not show the new name and colour");

            var sentAfter = DateTime.UtcNow;
            var cancelled = await therapist.PostAsJsonAsync($"/api/bookings/{booking}/cancel", new { }, ct);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            var email = await NextEmailToAsync(client.Email, sentAfter);
            Assert.Contains(newName, email);
            Assert.Contains("#8a3b12", email);
        }
        finally
        {
            (await therapist.PutAsJsonAsync("/api/practice/settings", original, ct)).EnsureSuccessStatusCode();
            // Every page of every Web instance shows the practice's own name again before the next test looks.
            foreach (var web in await StackInstances.AddressesAsync(stack, "web", ct))
            {
                using var http = new HttpClient { BaseAddress = web };
                await Eventually.TrueAsync(async () => !(await http.GetStringAsync("/theme.css", ct)).Contains("#8a3b12"),
                    TimeSpan.FromSeconds(30), $"the Web at {web} kept the test's colour");
            }
        }
    }

    /// <summary>The booking page for the week from <paramref name="sunday"/>: whether each of the two days has times.</summary>
    private static async Task ExpectTimesAsync(IPage page, DateOnly sunday, DateOnly wednesday, bool onSunday, bool onWednesday)
    {
        await page.GotoAsync($"/book/discovery-call?tz=Europe/London&week={sunday:yyyy-MM-dd}");
        var sundayTimes = page.Locator($"[data-day='{sunday:yyyy-MM-dd}'] .time");
        var wednesdayTimes = page.Locator($"[data-day='{wednesday:yyyy-MM-dd}'] .time");
        await (onSunday ? Expect(sundayTimes.First).ToBeVisibleAsync() : Expect(sundayTimes).ToHaveCountAsync(0));
        await (onWednesday ? Expect(wednesdayTimes.First).ToBeVisibleAsync() : Expect(wednesdayTimes).ToHaveCountAsync(0));
    }

    /// <summary>A discovery call late in the horizon, on a time nobody else's test looks at.</summary>
    private async Task<Guid> BookFarAheadAsync(string email)
    {
        var api = await StackPeople.ApiSignedInAsync(stack, email);
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(100);
        var slots = await api.GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&tz=Europe/London&from={from:yyyy-MM-dd}&to={from.AddDays(10):yyyy-MM-dd}", ct);
        var start = slots!.Days.SelectMany(d => d.Starts).Last();
        var response = await api.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start, timeZone = "Europe/London" }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BookingResponse>(Json, ct))!.Id;
    }

    /// <summary>The HTML of the first email to <paramref name="to"/> written after <paramref name="after"/>.</summary>
    private async Task<string> NextEmailToAsync(string to, DateTime after)
    {
        string? html = null;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var file in Directory.Exists(stack.MailFolder) ? Directory.GetFiles(stack.MailFolder, "*.eml") : [])
            {
                if (File.GetLastWriteTimeUtc(file) < after.AddSeconds(-1))
                {
                    continue;
                }

                var message = await MimeKit.MimeMessage.LoadAsync(file, ct);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
                {
                    html = message.HtmlBody;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(30), $"no email to {to} in {stack.MailFolder}");
        return html!;
    }
}
