using System.Net.Http.Json;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The intake form end to end: she writes the questions, a client past the discovery call finds paid sessions waiting
/// for it, answers over two visits (the first without scripts), sends, and she reads the answers.
/// The form is emptied again afterwards: the other full-stack tests book paid sessions for clients without one.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class IntakeBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task She_writes_the_form_a_client_fills_it_in_over_two_visits_and_sends_it_and_she_reads_the_answers()
    {
        var therapistApi = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        try
        {
            await RunAsync();
        }
        finally
        {
            (await therapistApi.PutAsJsonAsync("/api/intake/form", new { questions = Array.Empty<object>() }, TestContext.Current.CancellationToken))
                .EnsureSuccessStatusCode();
        }
    }

    private async Task RunAsync()
    {
        var client = await StackPeople.ClientAsync(stack, $"Robin {Guid.NewGuid():N}"[..14], pastDiscovery: true);

        // She writes two questions, one save each (the page keeps one empty row for the next).
        var admin = await NewPageAsync(scripts: true);
        await StackPeople.SignInWithPasswordAsync(admin, StackPeople.TherapistEmail, "/admin/intake");
        await Expect(admin.Locator("[data-version]")).ToContainTextAsync("No questions yet");
        var row = admin.Locator("[data-question-row]").Last;
        await row.GetByLabel("The question").FillAsync("What brings you to therapy now?");
        await row.GetByLabel("Kind of answer").SelectOptionAsync("LongText");
        await row.GetByLabel("Needs an answer before the form is sent").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the form" }).ClickAsync();
        await Expect(admin.Locator("[data-saved]")).ToContainTextAsync("Saved as version");

        row = admin.Locator("[data-question-row]").Last;
        await row.GetByLabel("The question").FillAsync("Have you had therapy before?");
        await row.GetByLabel("Kind of answer").SelectOptionAsync("SingleChoice");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the form" }).ClickAsync();
        await Expect(admin.Locator(".error-summary")).ToContainTextAsync("2 to 20 choices");
        row = admin.Locator("[data-question-row]").Last;
        await row.GetByLabel("Choices").FillAsync("Never\nOnce\nSeveral times");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the form" }).ClickAsync();
        await Expect(admin.Locator("[data-saved]")).ToContainTextAsync("Saved as version");
        await Expect(admin.Locator("[data-question-row]")).ToHaveCountAsync(3);
        await Chromium.ScreenshotAsync(admin, "admin-intake");
        await Chromium.ExpectAccessibleAsync(admin);

        // First visit, without scripts: the paid session points to the form; one answer saved.
        var first = await NewPageAsync(scripts: false);
        await StackPeople.SignInWithPasswordAsync(first, client.Email, "/book/online-session");
        var waiting = first.Locator("[data-intake-first]");
        await Expect(waiting).ToContainTextAsync("Please complete your intake form first");
        await waiting.GetByRole(AriaRole.Link, new() { Name = "Fill in your intake form" }).ClickAsync();
        await Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/me/intake$"));
        await first.GetByLabel("Once").CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Save and come back later" }).ClickAsync();
        await Expect(first.Locator("[data-intake-saved]")).ToContainTextAsync("Your answers are saved");
        await first.Context.CloseAsync();

        // Second visit: the answer is there; sending without the required one is refused, then sent.
        var second = await NewPageAsync(scripts: true);
        await StackPeople.SignInWithPasswordAsync(second, client.Email, "/me");
        await Expect(second.Locator("[data-intake-needed]")).ToBeVisibleAsync();
        await second.GetByRole(AriaRole.Link, new() { Name = "Fill in your intake form" }).ClickAsync();
        await Expect(second.GetByLabel("Once")).ToBeCheckedAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Expect(second.Locator(".error-summary")).ToContainTextAsync("needs an answer before the form is sent");
        var reason = second.GetByLabel("What brings you to therapy now?");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(second.GetByLabel("Once")).ToBeCheckedAsync();
        await Chromium.ScreenshotAsync(second, "me-intake");
        await Chromium.ExpectAccessibleAsync(second);
        await reason.FillAsync("I have not slept well since the move.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Expect(second.Locator("[data-intake-sent]")).ToContainTextAsync("your answers are sent");
        await Expect(second.Locator("[data-intake-answers]")).ToContainTextAsync("I have not slept well since the move.");
        await Chromium.ScreenshotAsync(second, "me-intake-sent");
        await second.GotoAsync("/book/online-session");
        await Expect(second.Locator("[data-intake-first]")).ToHaveCountAsync(0);
        await Expect(second.Locator("[data-locked]")).ToHaveCountAsync(0);
        await second.Context.CloseAsync();

        // She reads them from the client's page.
        await admin.GotoAsync($"/admin/clients/{client.Id}");
        await admin.Locator("[data-read-intake]").ClickAsync();
        await Expect(admin.Locator("[data-intake-answers]")).ToContainTextAsync("I have not slept well since the move.");
        await Expect(admin.Locator("[data-intake-answers]")).ToContainTextAsync("Once");
        await Chromium.ScreenshotAsync(admin, "admin-client-intake");
        await Chromium.ExpectAccessibleAsync(admin);
        await admin.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync(bool scripts)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            JavaScriptEnabled = scripts,
        });
        return await context.NewPageAsync();
    }
}
