using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Worker.Emails.Delivery;

/// <summary>
/// Development without a provider: every email becomes <c>.eml</c> (open it in any mail program) and <c>.html</c>
/// (open it in a browser) in one folder. Named by the outbox key, so a repeat overwrites rather than duplicates.
/// </summary>
public sealed partial class PickupFolderEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment) : IEmailSender
{
    public string Name => "pickup-folder";

    public string Directory => Path.GetFullPath(options.Value.PickupDirectory is { Length: > 0 } configured
        ? configured
        : Path.Combine(environment.ContentRootPath, "..", ".local", "mail"));

    public async Task<SendResult> SendAsync(OutgoingEmail email, string idempotencyKey, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = Path.Combine(Directory, UnsafeCharacters().Replace(idempotencyKey, "-"));
        // Written aside and moved into place, so whoever watches the folder never opens half an email.
        await File.WriteAllTextAsync(name + ".html.tmp", email.Html, cancellationToken);
        File.Move(name + ".html.tmp", name + ".html", overwrite: true);
        await MimeEmail.Build(email, idempotencyKey).WriteToAsync(name + ".eml.tmp", cancellationToken);
        File.Move(name + ".eml.tmp", name + ".eml", overwrite: true);
        return new SendResult.Sent(Name, name + ".eml");
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}
