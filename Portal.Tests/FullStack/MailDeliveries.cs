using System.Collections.Concurrent;

namespace Portal.Tests.FullStack;

/// <summary>
/// Every email the stack's Workers put into the mail folder while this watches. The folder names an email by its outbox
/// key and a repeat overwrites the file, so the files alone cannot tell one delivery from two: each delivery is a move
/// into place (written aside, then renamed), and those are counted.
/// </summary>
public sealed class MailDeliveries : IDisposable
{
    /// <summary>A repeat by another Worker would have been delivered by now: each polls the outbox every 5 s (Outbox:PollInterval).</summary>
    public static readonly TimeSpan RepeatWouldHaveCome = TimeSpan.FromSeconds(7);

    private readonly FileSystemWatcher watcher;
    private readonly ConcurrentDictionary<string, int> deliveries = new();
    private readonly ConcurrentDictionary<string, string[]> recipients = new();
    private readonly string folder;
    private Exception? lost;

    public MailDeliveries(PortalStack stack)
    {
        folder = stack.MailFolder;
        Directory.CreateDirectory(folder);
        watcher = new FileSystemWatcher(folder) { InternalBufferSize = 256 * 1024 };
        watcher.Renamed += (_, e) =>
        {
            if (e.Name is { } name && name.EndsWith(".eml", StringComparison.Ordinal))
            {
                deliveries.AddOrUpdate(name, 1, (_, count) => count + 1);
            }
        };
        watcher.Error += (_, e) => lost = e.GetException();
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>Deliveries of each email whose file name (its outbox key) contains <paramref name="part"/>.</summary>
    public IReadOnlyDictionary<string, int> Of(string part)
    {
        ThrowIfLost();
        return deliveries.Where(d => d.Key.Contains(part, StringComparison.Ordinal)).ToDictionary(d => d.Key, d => d.Value);
    }

    /// <summary>Deliveries of emails to <paramref name="address"/>.</summary>
    public int To(string address)
    {
        ThrowIfLost();
        return deliveries.Where(d => RecipientsOf(d.Key).Contains(address, StringComparer.OrdinalIgnoreCase)).Sum(d => d.Value);
    }

    /// <summary>Everyone an email was delivered to.</summary>
    public IEnumerable<string> Recipients
    {
        get
        {
            ThrowIfLost();
            return deliveries.Keys.SelectMany(RecipientsOf).Distinct(StringComparer.OrdinalIgnoreCase);
        }
    }

    private string[] RecipientsOf(string name) => recipients.GetOrAdd(name, _ =>
        [.. MimeKit.MimeMessage.Load(Path.Combine(folder, name)).To.Mailboxes.Select(m => m.Address)]);

    private void ThrowIfLost()
    {
        if (lost is not null)
        {
            throw new InvalidOperationException("The mail folder's watch lost events: the counts are not complete", lost);
        }
    }

    public void Dispose() => watcher.Dispose();
}
