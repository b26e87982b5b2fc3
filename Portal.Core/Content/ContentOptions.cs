namespace Portal.Core.Content;

/// <summary>Section <c>Content</c>.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The largest file she may upload (200 MB).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;
}
