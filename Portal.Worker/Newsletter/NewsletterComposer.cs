using Microsoft.Extensions.Options;
using Portal.Core.Newsletter;
using Portal.Core.Practice;
using Portal.Worker.Emails;
using Portal.Worker.Emails.Delivery;

namespace Portal.Worker.Newsletter;

/// <summary>
/// A newsletter in the practice's branded layout, for one reader: the Markdown as HTML (links as written, no pixel),
/// the same text as the plain part, and the RFC 8058 pair of headers that lets mail clients offer one-click unsubscribe.
/// </summary>
public sealed class NewsletterComposer(EmailRenderer renderer, PortalLinks links, IOptions<EmailOptions> options)
{
    public const string Template = "newsletter";

    public async Task<OutgoingEmail> ComposeAsync(
        string subject, string markdown, EmailRecipient to, PracticeSettings practice, string? unsubscribeToken, Guid? issueId)
    {
        var context = new EmailContext(practice, links);
        var unsubscribe = unsubscribeToken is { } token ? links.Unsubscribe(token) : null;
        var document = new EmailDocument
        {
            To = to,
            Subject = subject,
            Preheader = Preheader(markdown),
            Greeting = "",
            Paragraphs = [NewsletterMarkdown.ToPlainText(markdown).Trim()],
            TrustedHtml = NewsletterMarkdown.ToHtml(markdown),
            UnsubscribeUrl = unsubscribe,
        };
        var headers = unsubscribe is null
            ? null
            : new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe.AbsoluteUri}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            };
        return new OutgoingEmail(
            options.Value.From,
            to,
            string.IsNullOrWhiteSpace(options.Value.ReplyTo) ? NullIfEmpty(practice.TherapistEmail) : options.Value.ReplyTo,
            subject,
            await renderer.HtmlAsync(document, context),
            EmailRenderer.PlainText(document, context),
            [],
            Template,
            headers,
            issueId is { } issue ? new Dictionary<string, string> { [NewsletterTags.Issue] = issue.ToString() } : null);
    }

    private static string Preheader(string markdown)
    {
        var text = NewsletterMarkdown.ToPlainText(markdown).ReplaceLineEndings(" ").Trim();
        return text.Length <= 110 ? text : text[..110].TrimEnd() + "…";
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
