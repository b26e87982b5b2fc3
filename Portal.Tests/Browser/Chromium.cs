using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download: <c>CHROMIUM_PATH</c> or /usr/bin/chromium).
/// One browser per run; each test opens its own context, so cookies never leak between tests.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly (string Name, int Width, int Height)[] Viewports = [("phone", 390, 844), ("desktop", 1280, 900)];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(Repository.Root, "artifacts", "screenshots");

    public async ValueTask InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from reaching out at all.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseUrl, int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        return await context.NewPageAsync();
    }

    /// <summary>axe-core on the page as it stands: no serious or critical violation.</summary>
    /// <remarks>
    /// axe runs in the page itself (<c>axe.run</c>, the package's "legacy" mode). The default mode finishes every run in
    /// a new blank page of its own: about 3 s of CPU per run on this 2-core machine against about 1 s, with the same rules
    /// and the same findings for pages without cross-origin frames, which the Portal's pages never have.
    /// </remarks>
    public static async Task ExpectAccessibleAsync(IPage page)
    {
        await StyledAsync(page);
#pragma warning disable CS0618 // marked for removal some day; the default mode is the fallback when it goes
        AxeResult axe = await page.RunAxeLegacy();
#pragma warning restore CS0618
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)")));
    }

    /// <summary>
    /// Keeps a full-page picture at phone and at desktop width for a person to look at (artifacts/screenshots,
    /// <c>{name}-phone.png</c> and <c>{name}-desktop.png</c>), then gives the page its own size back. A page wider
    /// than the screen (a long word that does not wrap) fails the test.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await StyledAsync(page);
        var ownSize = page.ViewportSize;
        foreach (var (viewport, width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (pageWidth > width)
            {
                Assert.Fail($"{page.Url} is {pageWidth} px wide at the {viewport}'s {width} px: something does not wrap ({await WiderThanAsync(page, width)})");
            }
            await FullPagePngAsync(page, Path.Combine(ScreenshotFolder, $"{name}-{viewport}.png"));
        }

        if (ownSize is not null)
        {
            await page.SetViewportSizeAsync(ownSize.Width, ownSize.Height);
        }
    }

    /// <summary>
    /// Waits for the page's stylesheets: a web-first assertion passes as soon as the text is in the document, which can
    /// be before the CSS has arrived, and an unstyled page is wider than the screen (its tables do not scroll) and has
    /// other colours.
    /// </summary>
    private static Task StyledAsync(IPage page) => page.WaitForLoadStateAsync(LoadState.Load);

    /// <summary>
    /// The innermost elements that reach past the screen's right edge, themselves or by their words, to say what does not
    /// wrap; not those inside a box that scrolls sideways (a wide table's cells), which are meant to.
    /// </summary>
    private static Task<string> WiderThanAsync(IPage page, int width) => page.EvaluateAsync<string>("""
        width => {
            const past = e => {
                const box = e.getBoundingClientRect();
                const spills = getComputedStyle(e).overflowX === "visible" ? box.left + e.scrollWidth : 0;
                return Math.max(box.right, spills) > width + 1;
            };
            const scrolled = e => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true; return false; };
            return [...document.body.querySelectorAll("*")]
                .filter(e => past(e) && ![...e.children].some(past) && !scrolled(e))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.getAttribute("class") ? "." + e.getAttribute("class").trim().replaceAll(/\s+/g, ".") : ""))
                .join(", ");
        }
        """, width);

    /// <summary>
    /// The whole page as PNG, through Chromium's own screenshot with its fast encoding (<c>optimizeForSpeed</c>, which
    /// Playwright does not offer): half the CPU of Playwright's full-page PNG, for a file about a third larger.
    /// </summary>
    private static async Task FullPagePngAsync(IPage page, string path)
    {
        var devtools = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var layout = await devtools.SendAsync("Page.getLayoutMetrics");
            var content = layout!.Value.GetProperty("cssContentSize");
            var picture = await devtools.SendAsync("Page.captureScreenshot", new Dictionary<string, object>
            {
                ["format"] = "png",
                ["optimizeForSpeed"] = true,
                ["captureBeyondViewport"] = true,
                ["clip"] = new Dictionary<string, object>
                {
                    ["x"] = 0, ["y"] = 0, ["scale"] = 1,
                    ["width"] = content.GetProperty("width").GetDouble(),
                    ["height"] = content.GetProperty("height").GetDouble(),
                },
            });
            await File.WriteAllBytesAsync(path, Convert.FromBase64String(picture!.Value.GetProperty("data").GetString()!));
        }
        finally
        {
            await devtools.DetachAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
