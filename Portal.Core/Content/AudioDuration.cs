namespace Portal.Core.Content;

/// <summary>How long a recording lasts, read from its own headers (TagLib#) through the stored, sealed chunks.</summary>
public static class AudioDuration
{
    /// <returns>Seconds, or null when the file does not say (it still plays; the list just shows no length).</returns>
    public static double? Of(Stream audio, string mediaType)
    {
        try
        {
            using var file = TagLib.File.Create(new StreamAbstraction(audio), TagMimeType(mediaType), TagLib.ReadStyle.Average);
            var seconds = file.Properties?.Duration.TotalSeconds;
            return seconds is > 0 ? Math.Round(seconds.Value, 1) : null;
        }
        catch (Exception exception) when (exception is TagLib.CorruptFileException or TagLib.UnsupportedFormatException or IOException or ArgumentException
                                              or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static string TagMimeType(string mediaType) => mediaType switch
    {
        "audio/mpeg" => "taglib/mp3",
        "audio/aac" => "taglib/aac",
        "audio/ogg" => "taglib/ogg",
        "audio/wav" => "taglib/wav",
        "audio/mp4" => "taglib/m4a",
        _ => mediaType,
    };

    private sealed class StreamAbstraction(Stream stream) : TagLib.File.IFileAbstraction
    {
        public string Name => "upload";

        public Stream ReadStream => stream;

        public Stream WriteStream => throw new NotSupportedException("Stored files are only read.");

        public void CloseStream(Stream toClose)
        {
        }
    }
}
