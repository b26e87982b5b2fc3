using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Content.ContentSamples;

namespace Portal.Tests.Content;

/// <summary>The Api with a 2 MB upload limit (<c>Content:MaxUploadBytes</c>).</summary>
public sealed class SmallUploadsApiFactory(TestServers servers) : ApiFactory(servers)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string>(DefaultSettings) { ["Content:MaxUploadBytes"] = $"{2 * 1024 * 1024}" };
}

public sealed class UploadLimitTests(SmallUploadsApiFactory api) : IClassFixture<SmallUploadsApiFactory>
{
    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_saying_the_limit_and_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var therapist = await api.TherapistSignedInAsync();
        var title = $"Too long {Guid.NewGuid():N}";

        var response = await therapist.PostAsync("/api/content", Form("Worksheet", title, "big.pdf", new ByteArrayContent(Pdf((3 * 1024 * 1024) + 1))), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("up to 2 MB", await response.Content.ReadAsStringAsync(ct));
        await using var db = api.OpenDb();
        Assert.False(await db.ContentItems.AnyAsync(i => i.Title == title, ct));
        Assert.Equal(0, await db.ContentChunks.CountAsync(ct));
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsync("/api/content", Form("Worksheet", title, "ok.pdf", new ByteArrayContent(Pdf(2 * 1024 * 1024))), ct)).StatusCode);
    }
}
