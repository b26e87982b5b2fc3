using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Core.Sealing;

/// <summary>
/// Seals clinical text at rest with AES-256-GCM. A sealed value is one byte string: a format version, the id of the key
/// that sealed it, a fresh 96-bit nonce, the 128-bit tag and the ciphertext. The value is bound to where it belongs
/// (<paramref name="place"/>, e.g. a note's id and field): copied into another row it no longer opens.
/// </summary>
public sealed class Sealer(IOptionsMonitor<SealingKeys> keys)
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public byte[] Seal(string plainText, string place) => SealBytes(Encoding.UTF8.GetBytes(plainText), place);

    /// <exception cref="SealedValueException">The value is damaged, was moved from its place, or its key is gone.</exception>
    public string Open(byte[] sealedValue, string place) => Encoding.UTF8.GetString(OpenBytes(sealedValue, place));

    /// <summary>Seals bytes (a chunk of a file) as <see cref="Seal"/> seals text.</summary>
    public byte[] SealBytes(ReadOnlySpan<byte> plain, string place)
    {
        var settings = keys.CurrentValue;
        var keyId = Encoding.ASCII.GetBytes(settings.ActiveKey);
        var key = settings.KeyOrNull(settings.ActiveKey) ?? throw new InvalidOperationException("The active sealing key is missing.");

        var sealedValue = new byte[2 + keyId.Length + NonceBytes + TagBytes + plain.Length];
        sealedValue[0] = Version;
        sealedValue[1] = (byte)keyId.Length;
        keyId.CopyTo(sealedValue, 2);
        var header = sealedValue.AsSpan(0, 2 + keyId.Length);
        var nonce = sealedValue.AsSpan(header.Length, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var tag = sealedValue.AsSpan(header.Length + NonceBytes, TagBytes);
        var cipher = sealedValue.AsSpan(header.Length + NonceBytes + TagBytes);

        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(header, place));
        return sealedValue;
    }

    /// <exception cref="SealedValueException">The value is damaged, was moved from its place, or its key is gone.</exception>
    public byte[] OpenBytes(byte[] sealedValue, string place)
    {
        if (sealedValue.Length < 2 + NonceBytes + TagBytes || sealedValue[0] != Version || sealedValue.Length < 2 + sealedValue[1] + NonceBytes + TagBytes)
        {
            throw new SealedValueException("The sealed value is not in a format this version knows.");
        }

        var header = sealedValue.AsSpan(0, 2 + sealedValue[1]);
        var keyId = Encoding.ASCII.GetString(header[2..]);
        var key = keys.CurrentValue.KeyOrNull(keyId)
            ?? throw new SealedValueException($"The sealing key '{keyId}' is not configured (Sealing:Keys:{keyId}).");
        var nonce = sealedValue.AsSpan(header.Length, NonceBytes);
        var tag = sealedValue.AsSpan(header.Length + NonceBytes, TagBytes);
        var cipher = sealedValue.AsSpan(header.Length + NonceBytes + TagBytes);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain, AssociatedData(header, place));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SealedValueException("The sealed value does not open: damaged, or moved from where it was sealed.");
        }

        return plain;
    }

    /// <summary>The key id of a sealed value: which values still need the old key after a rotation.</summary>
    public static string KeyIdOf(byte[] sealedValue) =>
        sealedValue.Length >= 2 && sealedValue.Length >= 2 + sealedValue[1]
            ? Encoding.ASCII.GetString(sealedValue, 2, sealedValue[1])
            : throw new SealedValueException("The sealed value is not in a format this version knows.");

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string place) => [.. header, .. Encoding.UTF8.GetBytes(place)];
}

public sealed class SealedValueException(string message) : Exception(message);
