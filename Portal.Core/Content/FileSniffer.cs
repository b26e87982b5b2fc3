using System.Text;

namespace Portal.Core.Content;

/// <summary>
/// What a file is, from its own first bytes: the name and the browser's claim are not trusted. Audio: MP3, M4A/AAC,
/// OGG, WAV; worksheets: PDF.
/// </summary>
public static class FileSniffer
{
    public const string Accepted =
        "Audio and meditations are taken as MP3, M4A/AAC, OGG or WAV files, and worksheets as PDF files. " +
        "This file is none of those, whatever its name says: export it in one of those formats and upload it again.";

    /// <summary>How many of a file's first bytes are enough to tell.</summary>
    public const int HeadBytes = 16;

    /// <returns>The media type, or null when the file is not one the kind takes.</returns>
    public static string? MediaTypeFor(ContentKind kind, ReadOnlySpan<byte> head) => kind switch
    {
        ContentKind.Worksheet => IsPdf(head) ? "application/pdf" : null,
        ContentKind.Audio or ContentKind.Meditation => AudioType(head),
        _ => null,
    };

    private static bool IsPdf(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8);

    private static string? AudioType(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12)
        {
            return null;
        }

        if (head.StartsWith("ID3"u8) || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) == 0x02))
        {
            return "audio/mpeg"; // an ID3 tag, or an MPEG layer III frame
        }

        if (head[0] == 0xFF && (head[1] & 0xF6) == 0xF0)
        {
            return "audio/aac"; // an ADTS frame
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return "audio/wav";
        }

        if (head[4..8].SequenceEqual("ftyp"u8) && Mp4AudioBrands.Contains(Encoding.ASCII.GetString(head[8..12])))
        {
            return "audio/mp4";
        }

        return null;
    }

    private static readonly HashSet<string> Mp4AudioBrands = ["M4A ", "M4B ", "mp42", "mp41", "isom", "iso2", "dash"];

    /// <summary>The ending a saved copy gets, whatever name it came with.</summary>
    public static string ExtensionOf(string mediaType) => mediaType switch
    {
        "application/pdf" => ".pdf",
        "audio/mpeg" => ".mp3",
        "audio/aac" => ".aac",
        "audio/ogg" => ".ogg",
        "audio/wav" => ".wav",
        "audio/mp4" => ".m4a",
        _ => "",
    };
}
