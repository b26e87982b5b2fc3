using System.Security.Cryptography;
using System.Text;
using Portal.Tests.Infrastructure;
using Portal.Core.Sealing;

namespace Portal.Tests.Notes;

/// <summary>AES-256-GCM sealing: what it keeps, what it refuses, and a key rotation.</summary>
public sealed class SealerTests
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Sealer SealerWith(string active, params (string Id, string Key)[] keys) =>
        TestSealing.With(new SealingKeys { ActiveKey = active, Keys = keys.ToDictionary(k => k.Id, k => k.Key) });

    [Fact]
    public void A_sealed_value_opens_in_its_place_and_holds_no_plain_text()
    {
        var sealer = SealerWith("k1", ("k1", NewKey()));
        const string words = "Client reports sleeping better since the breathing exercise.";

        var sealedValue = sealer.Seal(words, "session-note:1");

        Assert.Equal(words, sealer.Open(sealedValue, "session-note:1"));
        Assert.DoesNotContain("sleeping", Encoding.UTF8.GetString(sealedValue), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("k1", Sealer.KeyIdOf(sealedValue));
        Assert.NotEqual(sealedValue, sealer.Seal(words, "session-note:1")); // a fresh nonce each time
    }

    [Fact]
    public void A_value_moved_to_another_place_or_altered_does_not_open()
    {
        var sealer = SealerWith("k1", ("k1", NewKey()));
        var sealedValue = sealer.Seal("private words", "session-note:1");

        Assert.Throws<SealedValueException>(() => sealer.Open(sealedValue, "session-note:2"));
        var altered = sealedValue.ToArray();
        altered[^1] ^= 1;
        Assert.Throws<SealedValueException>(() => sealer.Open(altered, "session-note:1"));
        Assert.Throws<SealedValueException>(() => sealer.Open([1, 2, 3], "session-note:1"));
    }

    [Fact]
    public void After_a_rotation_new_values_use_the_new_key_and_old_ones_still_open_while_their_key_is_kept()
    {
        var (first, second) = (NewKey(), NewKey());
        var old = SealerWith("k1", ("k1", first)).Seal("written last year", "note");

        var rotated = SealerWith("k2", ("k1", first), ("k2", second));
        Assert.Equal("written last year", rotated.Open(old, "note"));
        Assert.Equal("k2", Sealer.KeyIdOf(rotated.Seal("written today", "note")));

        var oldKeyGone = SealerWith("k2", ("k2", second));
        var refused = Assert.Throws<SealedValueException>(() => oldKeyGone.Open(old, "note"));
        Assert.Contains("Sealing:Keys:k1", refused.Message);
    }

    [Theory]
    [InlineData("", "k1", "no sealing key")]
    [InlineData("k1", "k1=short", "not base64 of 32 bytes")]
    [InlineData("k9", "k1", "not among")]
    public void The_keys_are_checked_before_the_service_starts(string active, string keys, string complaint)
    {
        var settings = new SealingKeys
        {
            ActiveKey = active,
            Keys = keys.Split(',').Select(k => k.Split('=')).ToDictionary(k => k[0], k => k.Length > 1 ? k[1] : NewKey()),
        };
        if (active == "")
        {
            settings.Keys.Clear();
        }

        var result = new SealingKeysValidation().Validate(null, settings);
        Assert.True(result.Failed);
        Assert.Contains(complaint, result.FailureMessage, StringComparison.OrdinalIgnoreCase);
    }
}
