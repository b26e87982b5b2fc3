namespace Portal.Core.Content;

/// <summary>What an item's details must be, in words she reads next to the field.</summary>
public static class ContentRules
{
    public static Dictionary<string, string[]> Check(string? title, string? description, string? kind, out ContentDetails? details)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["Give it a title, as the client will see it."];
        }
        else if (title.Trim().Length > ContentItem.MaxTitleLength)
        {
            errors["title"] = [$"A title is at most {ContentItem.MaxTitleLength} characters."];
        }

        if ((description?.Trim().Length ?? 0) > ContentItem.MaxDescriptionLength)
        {
            errors["description"] = [$"A description is at most {ContentItem.MaxDescriptionLength:N0} characters."];
        }

        ContentKind parsed = default;
        if (!Enum.TryParse(kind, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed) || int.TryParse(kind, out _))
        {
            errors["kind"] = ["Choose what it is: Audio, Worksheet, Meditation or Link."];
        }

        details = errors.Count == 0 ? new ContentDetails(title!.Trim(), description?.Trim() ?? "", parsed) : null;
        return errors;
    }

    /// <returns>The link, or null with <paramref name="error"/> saying what to fix.</returns>
    public static Uri? LinkOrNull(string? url, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "Paste the address the link opens, starting with https://.";
            return null;
        }

        if (url.Trim().Length > ContentItem.MaxUrlLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var link)
            || link.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(link.Host))
        {
            error = "A link is a web address starting with https:// (or http://), up to 2,000 characters.";
            return null;
        }

        return link;
    }

    public static string? CheckNote(string? note) =>
        (note?.Trim().Length ?? 0) > ContentShare.MaxNoteLength ? $"A note is at most {ContentShare.MaxNoteLength:N0} characters." : null;

    /// <summary>The name a stored file keeps: no folders, no control characters, the ending its bytes call for.</summary>
    public static string SafeFileName(string? fileName, string mediaType)
    {
        var name = Path.GetFileNameWithoutExtension(Path.GetFileName((fileName ?? "").Replace('\\', '/')));
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\' or ':' or '*' or '?' or '<' or '>' or '|'))]).Trim();
        if (name.Length == 0)
        {
            name = "file";
        }

        var extension = FileSniffer.ExtensionOf(mediaType);
        return name[..Math.Min(name.Length, ContentItem.MaxFileNameLength - extension.Length)] + extension;
    }
}
