using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>Messages between a client and the therapist as they use them: live both ways, the progression's sentence, and without JavaScript.</summary>
[Collection(FullStackCollection.Name)]
public sealed class MessagingBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_booked_client_replies_in_the_welcome_thread_the_therapist_sees_it_live_and_answers_and_the_client_sees_the_answer_live()
    {
        var surname = MessagingPeople.UniqueWord("Wren");
        var (client, welcome) = await MessagingPeople.BookedClientAsync(stack, $"Ivy {surname}", ct);
        var reply = $"Thank you. Could we talk about sleep, {surname}?\nAlso this: https://example.org/{surname}";
        var answer = $"Of course, {MessagingPeople.UniqueWord("we")} will start there.";

        var therapist = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(therapist, StackPeople.TherapistEmail, "/admin/messages");
        await ExpectLiveAsync(therapist);
        await MarkAsync(therapist);

        var phone = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(phone, client.Email, "/me/messages");
        var first = phone.Locator("[data-thread-summary]").First;
        await Expect(first).ToHaveAttributeAsync("data-thread-summary", welcome.ToString());
        await Expect(first.Locator("[data-thread-unread]")).ToBeVisibleAsync();
        await Expect(phone.Locator(".me-nav [data-unread-badge]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(phone, "me-messages");
        await Chromium.ExpectAccessibleAsync(phone);

        await first.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/me/messages/{welcome}$"));
        // Opening it read the welcome: the badge is gone.
        await Expect(phone.Locator(".me-nav [data-unread-badge]")).ToBeHiddenAsync();
        await phone.GetByLabel("Your reply", new() { Exact = true }).FillAsync(reply);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/me/messages/{welcome}#latest$"));
        var sent = phone.Locator("[data-message]").Last;
        await Expect(sent).ToContainTextAsync($"Could we talk about sleep, {surname}?");
        // Line breaks kept, the address a link, nothing else made of the words.
        await Expect(sent.Locator("[data-message-body] br")).ToHaveCountAsync(1);
        await Expect(sent.GetByRole(AriaRole.Link, new() { Name = $"https://example.org/{surname}" })).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await ExpectLiveAsync(phone);
        await MarkAsync(phone);

        // Her inbox, open since before the reply, shows it without a reload: the thread on top, unread, and the badge.
        var row = therapist.Locator($"[data-thread-summary='{welcome}']");
        await Expect(row.Locator("[data-thread-unread]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(therapist.Locator("[data-thread-summary]").First).ToHaveAttributeAsync("data-thread-summary", welcome.ToString());
        await Expect(therapist.Locator(".admin-nav [data-unread-badge]")).ToBeVisibleAsync();
        await ExpectNotReloadedAsync(therapist);
        await Chromium.ScreenshotAsync(therapist, "admin-messages");
        await Chromium.ExpectAccessibleAsync(therapist);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(therapist).ToHaveURLAsync(new Regex($"/admin/messages/{welcome}$"));
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync($"Could we talk about sleep, {surname}?");
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync($"Ivy {surname}");
        await therapist.GetByLabel("Your reply", new() { Exact = true }).FillAsync(answer);
        await Chromium.ScreenshotAsync(therapist, "admin-thread");
        await Chromium.ExpectAccessibleAsync(therapist);
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync(answer);

        // The client's thread, open all along, shows the answer without a reload, and marks it read as they see it.
        await Expect(phone.Locator("[data-message]").Last).ToContainTextAsync(answer, new() { Timeout = 15_000 });
        await ExpectNotReloadedAsync(phone);
        await Expect(phone.Locator("[data-live-status]")).ToHaveTextAsync("A new message arrived.");
        await Chromium.ScreenshotAsync(phone, "me-thread");
        await Chromium.ExpectAccessibleAsync(phone);

        // The words are in no log line of the Web.
        Assert.DoesNotContain(stack.LogsOf("web"), line => line.Contains(surname, StringComparison.OrdinalIgnoreCase));
        await CloseLiveAsync(phone, therapist);
    }

    [Fact]
    public async Task A_prospect_sees_why_they_cannot_write_yet_instead_of_the_new_message_form()
    {
        var client = await StackPeople.ClientAsync(stack, $"Pia {MessagingPeople.UniqueWord("Lark")}", pastDiscovery: false);
        var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me/messages");

        await Expect(page.Locator("[data-why-not]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-why-not]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("form[data-new-thread]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-no-threads]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "me-messages-prospect");
        await Chromium.ExpectAccessibleAsync(page);
    }

    [Fact]
    public async Task She_writes_to_a_client_from_their_page_and_the_client_replies_without_javascript()
    {
        var surname = MessagingPeople.UniqueWord("Finch");
        var client = await StackPeople.ClientAsync(stack, $"Ora {surname}", pastDiscovery: true);
        var therapist = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(therapist, StackPeople.TherapistEmail, $"/admin/clients/{client.Id}");

        await therapist.GetByRole(AriaRole.Link, new() { Name = $"Write to Ora {surname}" }).ClickAsync();
        await Expect(therapist).ToHaveURLAsync(new Regex($"/admin/messages/new\\?clientId={client.Id}$"));
        // Sent without words: the error is next to the field and in the summary, and the subject stays as typed.
        await therapist.GetByLabel("Subject", new() { Exact = true }).FillAsync($"Between sessions {surname}");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(therapist.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(therapist.Locator("[data-valmsg-for='Input.Body']")).Not.ToBeEmptyAsync();
        await Expect(therapist.GetByLabel("Subject", new() { Exact = true })).ToHaveValueAsync($"Between sessions {surname}");
        await Chromium.ScreenshotAsync(therapist, "admin-message-new");
        await Chromium.ExpectAccessibleAsync(therapist);

        await therapist.GetByLabel("Your message", new() { Exact = true }).FillAsync("How did the week go?");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(therapist).ToHaveURLAsync(new Regex("/admin/messages/[0-9a-f-]{36}$"));
        var threadId = therapist.Url.Split('/').Last();

        // Playwright cannot look into a page without scripts (no screenshot, no axe): this one is only used.
        var phone = await NoScriptPageAsync(390, 844);
        await StackPeople.SignInWithPasswordAsync(phone, client.Email, $"/me/messages/{threadId}");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Between sessions {surname}" })).ToBeVisibleAsync();
        await phone.GetByLabel("Your reply", new() { Exact = true }).FillAsync("Better, thank you.\nMore on Tuesday.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(phone).ToHaveURLAsync(new Regex($"/me/messages/{threadId}#latest$"));
        await Expect(phone.Locator("[data-message]").Last).ToContainTextAsync("Better, thank you.");
        await therapist.ReloadAsync();
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync("More on Tuesday.");
    }

    /// <summary>
    /// Closes pages that are live: left open, each would fetch its parts again on every message of the tests after.
    /// </summary>
    internal static async Task CloseLiveAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The page's script has its live connection (so what follows is not a race with its start).</summary>
    internal static async Task ExpectLiveAsync(IPage page)
    {
        try
        {
            await Expect(page.Locator("html[data-live='connected']")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        }
        catch (PlaywrightException exception)
        {
            var said = await page.EvaluateAsync<string>("() => [typeof signalR, document.documentElement.outerHTML.length].join(' ')");
            throw new InvalidOperationException($"{page.Url} has no live connection ({said}); the browser said: {string.Join(" | ", BrowserSaid(page))}", exception);
        }
    }

    /// <summary>Marks the page as it stands; <see cref="ExpectNotReloadedAsync"/> then tells whether it is still the same page.</summary>
    internal static Task MarkAsync(IPage page) => page.EvaluateAsync("() => { window.portalTestMark = true; }");

    internal static async Task ExpectNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.portalTestMark === true"), $"{page.Url} was loaded again");

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Said = [];

    /// <summary>What the page's console and failed requests said, for a test that fails on its live connection.</summary>
    internal static List<string> BrowserSaid(IPage page) => Said.GetValue(page, p =>
    {
        var lines = new List<string>();
        p.Console += (_, message) => lines.Add($"{message.Type}: {message.Text}");
        p.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lines.Add($"{response.Status} {response.Url}");
            }
        };
        return lines;
    });

    private async Task<IPage> NoScriptPageAsync(int width, int height)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            JavaScriptEnabled = false,
        });
        return await context.NewPageAsync();
    }
}
