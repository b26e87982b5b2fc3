using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Api.Messaging;
using Portal.Tests.FullStack;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The stack's two Web instances, each browser on its own one past the AppHost's proxy: a message sent through one
/// reaches a browser connected to the other, live, through the Api's notice and the SignalR backplane in Redis. Which
/// Web claims a notice is chance, so the backplane alone is proved every time by <see cref="Messaging.LiveRelayTests"/>.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class MessagingReplicaBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_sent_through_one_web_reaches_a_browser_connected_to_the_other()
    {
        var surname = MessagingPeople.UniqueWord("Teal");
        var client = await StackPeople.ClientAsync(stack, $"Eda {surname}", pastDiscovery: true);
        var therapistApi = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        using var started = await therapistApi.PostAsJsonAsync(
            "/api/messages/threads", new StartThreadRequest(client.Id, $"Checking in {surname}", "How are you finding the exercises?"), ct);
        started.EnsureSuccessStatusCode();
        var thread = (await started.Content.ReadFromJsonAsync<ThreadResponse>(ct))!;

        var webs = await StackInstances.AddressesAsync(stack, "web", ct);

        // The client on one Web, the therapist on the other.
        var phone = await chromium.NewPageAsync(webs[0], 390, 844);
        MessagingBrowserTests.BrowserSaid(phone);
        await StackPeople.SignInWithPasswordAsync(phone, client.Email, $"/me/messages/{thread.Id}");
        await MessagingBrowserTests.ExpectLiveAsync(phone);
        var therapist = await chromium.NewPageAsync(webs[1], 1280, 900);
        await StackPeople.SignInWithPasswordAsync(therapist, StackPeople.TherapistEmail, $"/admin/messages/{thread.Id}");
        await MessagingBrowserTests.ExpectLiveAsync(therapist);

        await MessagingBrowserTests.MarkAsync(phone);
        var fromTherapist = $"One more thing, {MessagingPeople.UniqueWord("try")} the breathing.";
        await therapist.GetByLabel("Your reply", new() { Exact = true }).FillAsync(fromTherapist);
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone.Locator("[data-message]").Last).ToContainTextAsync(fromTherapist, new() { Timeout = 15_000 });

        await MessagingBrowserTests.ExpectNotReloadedAsync(phone);
        // Her page came back after sending (Post-Redirect-Get): once it is live again, the client answers.
        await Expect(therapist).ToHaveURLAsync(new Regex($"/admin/messages/{thread.Id}#latest$"));
        await MessagingBrowserTests.ExpectLiveAsync(therapist);
        await MessagingBrowserTests.MarkAsync(therapist);

        var fromClient = $"Will do, {MessagingPeople.UniqueWord("see")} you soon.";
        await phone.GetByLabel("Your reply", new() { Exact = true }).FillAsync(fromClient);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/me/messages/{thread.Id}#latest$"));
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync(fromClient, new() { Timeout = 15_000 });
        await MessagingBrowserTests.ExpectNotReloadedAsync(therapist);
        await MessagingBrowserTests.CloseLiveAsync(phone, therapist);
    }
}
