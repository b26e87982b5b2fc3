using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Portal.Worker.Emails;

/// <summary>Draws an <see cref="EmailDocument"/> as HTML (the Razor layout) and as plain text.</summary>
public sealed class EmailRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<string> HtmlAsync(EmailDocument document, EmailContext context)
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(EmailLayout.Document)] = document,
                [nameof(EmailLayout.Context)] = context,
            });
            var output = await renderer.RenderComponentAsync<EmailLayout>(parameters);
            return output.ToHtmlString();
        });
    }

    public static string PlainText(EmailDocument document, EmailContext context)
    {
        var text = new StringBuilder();
        if (document.Greeting.Length > 0)
        {
            text.AppendLine(document.Greeting).AppendLine();
        }

        foreach (var paragraph in document.Paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        foreach (var detail in document.Details)
        {
            text.AppendLine(detail.Link is null ? $"{detail.Label}: {detail.Value}" : $"{detail.Label}: {detail.Value} ({detail.Link})");
        }

        if (document.Details.Count > 0)
        {
            text.AppendLine();
        }

        if (document.Button is { } button)
        {
            text.AppendLine($"{button.Label}: {button.Url}").AppendLine();
        }

        foreach (var line in document.SmallPrint)
        {
            text.AppendLine(line).AppendLine();
        }

        text.AppendLine("With warm wishes,").AppendLine(context.Signature).AppendLine();
        text.AppendLine($"{context.Practice.PracticeName} · {context.Links.PublicUrl}");
        if (document.UnsubscribeUrl is { } unsubscribe)
        {
            text.AppendLine($"Unsubscribe: {unsubscribe}");
        }

        return text.ToString().ReplaceLineEndings("\r\n");
    }
}
