using Microsoft.Playwright;
using Portal.Tests.Browser;
using Portal.Tests.FullStack;

namespace Portal.Tests.Cms;

/// <summary>
/// The public site from the CMS in Chromium, with the sample content the schema step adds in Development: the home
/// page, an article and an episode at phone and desktop width, pictured, axe clean; the episode's player plays.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class CmsBrowserTests(PortalStack stack, Chromium chromium)
{
    public static TheoryData<string, int, int> Viewports => new(Chromium.Viewports.Select(v => (v.Name, v.Width, v.Height)));

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task The_home_page_shows_the_introduction_the_latest_articles_and_episodes_and_the_faq(string viewport, int width, int height)
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, width, height);
        var response = await page.GotoAsync("/");

        Assert.True(response?.Ok, $"GET / ({viewport}) answered {response?.Status}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "A calm place to start" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#articles .card")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#podcast .card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#faq details").First).ToBeVisibleAsync();
        var portrait = page.Locator("#about img.portrait");
        Assert.False(string.IsNullOrWhiteSpace(await portrait.GetAttributeAsync("alt")));
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#about img.portrait'); return i.complete && i.naturalWidth > 0; }",
            null, new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "cms-home");
        await Chromium.ExpectAccessibleAsync(page);
    }

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task An_article_reads_well_with_its_picture_sized_and_described(string viewport, int width, int height)
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, width, height);
        var list = await page.GotoAsync("/articles");
        Assert.True(list?.Ok, $"/articles ({viewport}) answered {list?.Status}");
        await page.Locator(".card__title a").First.ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        var cover = page.Locator("img.article__cover");
        if (await cover.CountAsync() > 0)
        {
            Assert.NotNull(await cover.GetAttributeAsync("width"));
            Assert.NotNull(await cover.GetAttributeAsync("height"));
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('img.article__cover'); return i.complete && i.naturalWidth > 0; }",
                null, new() { Timeout = 30_000 });
        }

        Assert.Contains("article", await page.Locator("meta[property='og:type']").GetAttributeAsync("content") ?? "");
        await Chromium.ScreenshotAsync(page, "cms-article");
        await Chromium.ExpectAccessibleAsync(page);
    }

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task An_episode_has_a_player_that_loads_its_recording(string viewport, int width, int height)
    {
        var page = await chromium.NewPageAsync(stack.WebUrl, width, height);
        var response = await page.GotoAsync("/podcasts/breathing-space");
        Assert.True(response?.Ok, $"the episode ({viewport}) answered {response?.Status}");

        var audio = page.Locator("audio");
        await Assertions.Expect(audio).ToBeVisibleAsync();
        await audio.EvaluateAsync("a => { a.preload = 'auto'; a.load(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('audio').readyState >= 2", null, new() { Timeout = 30_000 });
        Assert.True(await audio.EvaluateAsync<double>("a => a.duration") > 1);
        await Chromium.ScreenshotAsync(page, "cms-episode");
        await Chromium.ExpectAccessibleAsync(page);
    }
}
