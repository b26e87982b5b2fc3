using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Portal.Web.Messaging;

/// <summary>
/// A message's words as HTML: everything encoded (never raw HTML), line breaks kept, and http/https addresses made
/// links that open without handing this page to the other site.
/// </summary>
public static partial class MessageText
{
    // Stops at white space and at characters that cannot end an address in running text.
    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    private const string TrailingPunctuation = ".,;:!?)]}'";

    public static IHtmlContent ToHtml(string? text)
    {
        var html = new StringBuilder();
        var lines = (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                html.Append("<br />\n");
            }

            AppendLine(html, lines[i]);
        }

        return new HtmlString(html.ToString());
    }

    private static void AppendLine(StringBuilder html, string line)
    {
        var at = 0;
        foreach (Match match in Address().Matches(line))
        {
            var address = match.Value.TrimEnd(TrailingPunctuation.ToCharArray());
            // A closing bracket that closes one in the address itself (Wikipedia's) belongs to it.
            while (address.Length < match.Value.Length && match.Value[address.Length] == ')' && address.Count(c => c == '(') > address.Count(c => c == ')'))
            {
                address += ")";
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            html.Append(HtmlEncoder.Default.Encode(line[at..match.Index]));
            var encoded = HtmlEncoder.Default.Encode(address);
            html.Append($"<a href=\"{encoded}\" rel=\"noopener noreferrer\">{encoded}</a>");
            at = match.Index + address.Length;
        }

        html.Append(HtmlEncoder.Default.Encode(line[at..]));
    }
}
