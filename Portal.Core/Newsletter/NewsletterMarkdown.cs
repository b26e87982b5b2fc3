using Markdig;

namespace Portal.Core.Newsletter;

/// <summary>
/// A newsletter's Markdown as HTML: CommonMark with the usual extras, raw HTML escaped (only what Markdown makes), links
/// left exactly as written (no tracking redirects).
/// </summary>
public static class NewsletterMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras().UseAutoLinks().UseListExtras().DisableHtml().Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    public static string ToPlainText(string markdown) => Markdown.ToPlainText(markdown, Pipeline);
}
