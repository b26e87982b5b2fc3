using System.Buffers.Binary;
using System.IO.Compression;

namespace Portal.Worker.Cms;

/// <summary>
/// Media for the sample content, made in code so the repository carries no binaries: a short calm tone as WAV (a
/// valid file every browser plays) and a warm abstract "portrait" as PNG.
/// </summary>
public static class SampleMedia
{
    /// <summary>A mono 16-bit PCM WAV: a soft 220 Hz tone that fades in and out.</summary>
    public static byte[] ToneWav(int seconds = 4, int sampleRate = 8000)
    {
        var samples = seconds * sampleRate;
        var data = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var t = (double)i / sampleRate;
            var envelope = Math.Min(1, Math.Min(t, seconds - t) * 2);
            var value = (short)(Math.Sin(2 * Math.PI * 220 * t) * 6000 * envelope);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), value);
        }

        using var wav = new MemoryStream();
        using var w = new BinaryWriter(wav);
        w.Write("RIFF"u8);
        w.Write(36 + data.Length);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(sampleRate);
        w.Write(sampleRate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(data.Length);
        w.Write(data);
        w.Flush();
        return wav.ToArray();
    }

    /// <summary>An RGB PNG: a warm gradient with a soft circle, <paramref name="size"/> pixels square.</summary>
    public static byte[] PortraitPng(int size = 480)
    {
        var raw = new byte[size * (1 + size * 3)];
        var centre = size / 2.0;
        for (var y = 0; y < size; y++)
        {
            var row = y * (1 + size * 3);
            raw[row] = 0;
            for (var x = 0; x < size; x++)
            {
                var d = Math.Sqrt(Math.Pow(x - centre, 2) + Math.Pow(y - centre * 0.85, 2)) / size;
                var inCircle = d < 0.22;
                var shade = (double)y / size;
                raw[row + 1 + x * 3] = (byte)(inCircle ? 196 : 236 - shade * 40);
                raw[row + 2 + x * 3] = (byte)(inCircle ? 140 : 222 - shade * 50);
                raw[row + 3 + x * 3] = (byte)(inCircle ? 110 : 205 - shade * 60);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(raw);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
