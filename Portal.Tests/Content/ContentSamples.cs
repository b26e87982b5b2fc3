using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Portal.Tests.Content;

/// <summary>Files whose first bytes say what they are, and the upload as the Web sends it.</summary>
public static class ContentSamples
{
    /// <summary>As the Api writes its answers: enums by name.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json =
        new(System.Text.Json.JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>A PDF of <paramref name="size"/> bytes (its header, then filler).</summary>
    public static byte[] Pdf(int size) => WithHead("%PDF-1.7\n"u8, size);

    /// <summary>An MP3 of <paramref name="size"/> bytes: an ID3 tag header, then MPEG frame bytes.</summary>
    public static byte[] Mp3(int size) => WithHead([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFB, 0x90, 0x64], size);

    /// <summary>A real, playable WAV: <paramref name="seconds"/> of a quiet 440 Hz tone, 8 kHz mono 16-bit.</summary>
    public static byte[] Wav(double seconds)
    {
        const int rate = 8000;
        var samples = (int)(rate * seconds);
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(2 * Math.PI * 440 * i / rate) * 3000));
        }

        writer.Flush();
        return output.ToArray();
    }

    private static byte[] WithHead(ReadOnlySpan<byte> head, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        head.CopyTo(bytes);
        return bytes;
    }

    public static MultipartFormDataContent Form(string kind, string title, string fileName, HttpContent file, string description = "")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(title, Encoding.UTF8), "title" },
            { new StringContent(kind, Encoding.UTF8), "kind" },
            { new StringContent(description, Encoding.UTF8), "description" },
        };
        file.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    /// <returns>The new item's id.</returns>
    public static async Task<Guid> UploadAsync(HttpClient therapist, string kind, string fileName, byte[] bytes, string? title = null)
    {
        var response = await therapist.PostAsync("/api/content", Form(kind, title ?? fileName, fileName, new ByteArrayContent(bytes)));
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<Portal.Api.Content.ContentItemResponse>(Json))!.Id;
    }
}
