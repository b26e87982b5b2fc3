extern alias Web;

using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Api.Messaging;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// Two Web replicas against one Redis: the stack's Web and a second one started here (real Kestrel) with the same Api,
/// Redis, key ring and channel prefix. A message sent through one reaches a browser connected to the other, live.
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

        await using var second = await SecondWebAsync();

        // The client on the second Web, the therapist on the stack's.
        var phone = await chromium.NewPageAsync(second.Url, 390, 844);
        MessagingBrowserTests.BrowserSaid(phone);
        await StackPeople.SignInWithPasswordAsync(phone, client.Email, $"/me/messages/{thread.Id}");
        await MessagingBrowserTests.ExpectLiveAsync(phone);
        var therapist = await chromium.NewPageAsync(stack.WebUrl, 1280, 900);
        await StackPeople.SignInWithPasswordAsync(therapist, StackPeople.TherapistEmail, $"/admin/messages/{thread.Id}");
        await MessagingBrowserTests.ExpectLiveAsync(therapist);

        await MessagingBrowserTests.MarkAsync(phone);
        var fromTherapist = $"One more thing, {MessagingPeople.UniqueWord("try")} the breathing.";
        await therapist.GetByLabel("Your reply", new() { Exact = true }).FillAsync(fromTherapist);
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone.Locator("[data-message]").Last).ToContainTextAsync(fromTherapist, new() { Timeout = 15_000 });

        await MessagingBrowserTests.ExpectNotReloadedAsync(phone);
        // Her page came back after sending (Post-Redirect-Get): once it is live again, the client answers.
        await MessagingBrowserTests.ExpectLiveAsync(therapist);
        await MessagingBrowserTests.MarkAsync(therapist);

        var fromClient = $"Will do, {MessagingPeople.UniqueWord("see")} you soon.";
        await phone.GetByLabel("Your reply", new() { Exact = true }).FillAsync(fromClient);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/me/messages/{thread.Id}#latest$"));
        await Expect(therapist.Locator("[data-message]").Last).ToContainTextAsync(fromClient, new() { Timeout = 15_000 });
        await MessagingBrowserTests.ExpectNotReloadedAsync(therapist);
    }

    /// <summary>A second Web, in this process on its own port, set up as the AppHost sets up the stack's.</summary>
    private async Task<SecondWeb> SecondWebAsync()
    {
        var model = stack.App.Services.GetRequiredService<DistributedApplicationModel>();
        var certificate = await model.Resources.OfType<ParameterResource>().Single(p => p.Name == "web-key-ring-certificate").GetValueAsync(ct);
        var port = FreeTcpPort.Next();
        var web = new WebFactory(
            redisConnectionString: await stack.App.GetConnectionStringAsync("redis", ct),
            settings: new Dictionary<string, string>
            {
                [TestKeyRing.Setting] = certificate!,
                ["Api:BaseAddress"] = stack.App.GetEndpoint("api", "http").ToString(),
                ["Portal:PublicUrl"] = $"http://localhost:{port}/",
            },
            // As the AppHost runs the stack's Web: its static files come from the project, as they do there.
            environment: "Development");
        web.UseKestrel(port);
        web.StartServer();
        return new SecondWeb(web, new Uri($"http://localhost:{port}/"));
    }

    private sealed record SecondWeb(WebApplicationFactory<Web::Program> Factory, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }
}
