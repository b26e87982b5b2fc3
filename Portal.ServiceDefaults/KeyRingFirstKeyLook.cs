using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Replicas that start together on an empty key ring would each make a first key of their own (the framework makes one
/// at start when it finds none), and each knows only the keys it has read until it rereads the ring a day later: what one
/// protected, another could not open. So each service takes a lock shared by its replicas (PostgreSQL for the Api and
/// the Worker, Redis for the Web) and looks before the framework does; only the first makes the key, the others find it.
/// </summary>
public static class KeyRingFirstKeyLook
{
    /// <summary>A key another replica made a moment ago may start a little later by this clock: the framework allows
    /// five minutes of skew between servers, and so does this look.</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Makes a key active from <paramref name="now"/> unless the ring has one usable now; call it under the lock.</summary>
    public static void MakeUnlessFound(IKeyManager keys, KeyManagementOptions options, DateTimeOffset now)
    {
        if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now + MaxClockSkew && key.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now + options.NewKeyLifetime);
        }
    }
}
