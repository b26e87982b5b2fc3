using System.Security.Cryptography;

namespace Portal.Tests.Infrastructure;

/// <summary>The sealing key of this test run (configuration, as in production; never in the database).</summary>
public static class TestSealing
{
    public const string KeyId = "test1";

    public static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
