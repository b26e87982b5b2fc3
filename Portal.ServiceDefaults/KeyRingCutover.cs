using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A key ring that was stored before its certificate was set keeps using its unencrypted key until the framework
/// rolls it (up to 90 days), and a copy of the store opens whatever that key protects. So once a certificate is set,
/// a newest key stored unencrypted gets an encrypted successor at start. It activates after
/// <see cref="Propagation"/>, as the framework's own successors do: by then every replica (each rereads its key ring
/// daily) knows it, and none protects with a key another cannot find yet. Old keys stay readable.
/// </summary>
internal sealed partial class KeyRingCutover(
    IKeyManager keys,
    IOptions<KeyManagementOptions> options,
    TimeProvider clock,
    ILogger<KeyRingCutover> logger) : BackgroundService
{
    public static readonly TimeSpan Propagation = TimeSpan.FromDays(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The key ring's stores answer synchronously; the host must not wait for them (Redis may be away at start).
        await Task.Yield();
        try
        {
            CutOverIfNeeded();
        }
        catch (Exception exception)
        {
            LogFailed(exception.GetType().Name);
        }
    }

    private void CutOverIfNeeded()
    {
        var newest = keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > clock.GetUtcNow()).MaxBy(k => k.ActivationDate);
        if (newest is null || !StoredUnencrypted(newest.KeyId))
        {
            return;
        }

        // Never before the old key was made: the successor must not take over early, whatever this clock says.
        var from = newest.CreationDate > clock.GetUtcNow() ? newest.CreationDate : clock.GetUtcNow();
        var successor = keys.CreateNewKey(from + Propagation, from + Propagation + options.Value.NewKeyLifetime);
        LogCutOver(newest.KeyId, successor.KeyId, successor.ActivationDate);
    }

    private bool StoredUnencrypted(Guid keyId) =>
        options.Value.XmlRepository?.GetAllElements()
            .Where(element => element.Name.LocalName == "key" && (Guid?)element.Attribute("id") == keyId)
            .Any(element => element.Descendants().Any(e => e.Name.LocalName == "masterKey"))
        ?? false;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Data Protection key {OldKey} was stored unencrypted (before the key ring's certificate was set); key {NewKey}, encrypted, takes over at {ActivatesAt:O}")]
    private partial void LogCutOver(Guid oldKey, Guid newKey, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the key ring for keys stored unencrypted ({Error}); the next start tries again")]
    private partial void LogFailed(string error);
}
