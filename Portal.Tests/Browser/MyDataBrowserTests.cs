using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>A client asks for a copy of their data, the Worker of the stack gathers it, and they download the zip.</summary>
[Collection(FullStackCollection.Name)]
public sealed class MyDataBrowserTests(PortalStack stack, Chromium chromium)
{
    [Fact]
    public async Task A_client_asks_for_their_data_and_downloads_the_zip_once_the_Worker_has_gathered_it()
    {
        var client = await StackPeople.ClientAsync(stack, $"Kim {Guid.NewGuid():N}"[..12], pastDiscovery: false);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your data" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me/data$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for a copy of your data" }).ClickAsync();
        await Expect(page.Locator("[data-requested]")).ToContainTextAsync("We are gathering your data");

        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download your data" });
        // Reloading as a person would, not back to back: a reload costs the Web, the Api and Chromium as much as the
        // Worker's gathering, which it would only slow down.
        await Eventually.TrueAsync(async () =>
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
            return await download.CountAsync() == 1;
        }, TimeSpan.FromSeconds(60), "the export never became ready");
        await Chromium.ScreenshotAsync(page, "me-data");
        await Chromium.ExpectAccessibleAsync(page);

        var saved = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        Assert.EndsWith(".zip", saved.SuggestedFilename);
        using var zip = ZipFile.OpenRead(await saved.PathAsync());
        var profile = zip.GetEntry("profile.json");
        Assert.NotNull(profile);
        using var reader = new StreamReader(profile.Open());
        Assert.Contains(client.Email, await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        await context.CloseAsync();
    }
}
