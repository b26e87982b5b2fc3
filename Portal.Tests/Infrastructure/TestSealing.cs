using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Portal.Core.Sealing;

namespace Portal.Tests.Infrastructure;

/// <summary>The sealing key of this test run (configuration, as in production; never in the database).</summary>
public static class TestSealing
{
    public const string KeyId = "test1";

    public static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The run's key, as the Api and the Worker of the tests are given it.</summary>
    public static readonly Sealer Sealer = With(new SealingKeys { ActiveKey = KeyId, Keys = { [KeyId] = Key } });

    public static Sealer With(SealingKeys keys) => new(new FixedKeys(keys));

    private sealed class FixedKeys(SealingKeys keys) : IOptionsMonitor<SealingKeys>
    {
        public SealingKeys CurrentValue => keys;

        public SealingKeys Get(string? name) => keys;

        public IDisposable? OnChange(Action<SealingKeys, string?> listener) => null;
    }
}
