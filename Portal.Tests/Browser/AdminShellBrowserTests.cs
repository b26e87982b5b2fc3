using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>Her own navigation on every admin page, the right door for each role, and her sessions on /admin/account.</summary>
[Collection(FullStackCollection.Name)]
public sealed class AdminShellBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task Her_navigation_marks_the_page_she_is_on_and_sits_under_her_thumb_on_a_phone()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Practice" });

        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Today" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator(".site-header")).ToHaveCountAsync(0);
        var bar = (await nav.BoundingBoxAsync())!;
        Assert.Equal(844, bar.Y + bar.Height, 1.0);
        foreach (var link in await nav.GetByRole(AriaRole.Link).AllAsync())
        {
            var box = (await link.BoundingBoxAsync())!;
            Assert.True(box.Height >= 44 && box.Width >= 44, $"{await link.TextContentAsync()} is {box.Width}×{box.Height} px");
        }

        await Chromium.ScreenshotAsync(page, "admin-shell");
        await Chromium.ExpectAccessibleAsync(page);

        await nav.GetByRole(AriaRole.Link, new() { Name = "Calendar" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/calendar$"));
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Calendar" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.Locator("[aria-current]")).ToHaveCountAsync(1);
        await page.GotoAsync("/admin/sign-ins");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveAttributeAsync("aria-current", "page");
        await page.GotoAsync("/admin/payments");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Payments" })).ToHaveAttributeAsync("aria-current", "page");
    }

    [Fact]
    public async Task A_client_at_an_admin_address_is_told_it_is_for_the_practice_and_shown_the_way_to_their_portal()
    {
        var client = await StackPeople.ClientAsync(stack, "Ianthe Marlowe", pastDiscovery: false);
        var page = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me");

        var response = await page.GotoAsync("/admin/calendar");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This part is for the practice" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("went wrong");
        await Chromium.ScreenshotAsync(page, "admin-for-the-practice");
        await Chromium.ExpectAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your portal" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
    }

    [Fact]
    public async Task The_therapist_at_a_client_address_is_shown_the_way_to_her_own_pages()
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, StackPeople.TherapistEmail, "/admin");

        var response = await page.GotoAsync("/me");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This part is for clients" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your practice pages" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
    }

    [Fact]
    public async Task Her_account_lists_her_sessions_ends_another_one_and_signs_out_everywhere()
    {
        var laptop = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        var phone = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(phone, StackPeople.TherapistEmail, "/admin/account");
        var phoneSession = await phone.Locator("[data-session].sessions__current").GetAttributeAsync("data-session");
        await StackPeople.SignInWithPasswordAsync(laptop, StackPeople.TherapistEmail, "/admin/account");

        var sessions = laptop.Locator("[data-sessions]");
        await Expect(sessions.Locator(".sessions__current")).ToHaveCountAsync(1);
        await Expect(sessions.Locator(".sessions__current")).ToContainTextAsync("This browser");
        var other = sessions.Locator($"[data-session='{phoneSession}']");
        await Expect(other).ToContainTextAsync("Last used");
        await Chromium.ScreenshotAsync(laptop, "admin-account");
        await Chromium.ExpectAccessibleAsync(laptop);

        await other.GetByRole(AriaRole.Button, new() { NameRegex = new("^End this session") }).ClickAsync();

        await Expect(laptop.GetByRole(AriaRole.Status)).ToContainTextAsync("That session has ended");
        await Expect(sessions.Locator($"[data-session='{phoneSession}']")).ToHaveCountAsync(0);
        await phone.GotoAsync("/admin");
        await Expect(phone).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fadmin$"));

        await StackPeople.SignInWithPasswordAsync(phone, StackPeople.TherapistEmail, "/admin");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await laptop.GotoAsync("/admin/account");
        await Expect(laptop).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fadmin%2Faccount$"));
        await phone.GotoAsync("/admin");
        await Expect(phone).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fadmin$"));
    }
}
