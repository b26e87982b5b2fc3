namespace Portal.Core.Cms;

/// <summary>
/// What may leave the Api: only items whose status is <c>published</c> and whose published date is not in the future.
/// Directus 12's free tier ignores item rules on policies, so the Portal never relies on Directus to hide drafts.
/// </summary>
public static class CmsPublication
{
    public const string Published = "published";
    public const string Draft = "draft";

    public static bool IsVisible(string? status, DateTimeOffset? publishedAt, DateTimeOffset now) =>
        string.Equals(status, Published, StringComparison.Ordinal) && publishedAt is { } at && at <= now;

    /// <summary>Slugs and page keys the Api looks up: lowercase letters, digits and single hyphens, at most 120 characters.</summary>
    public static bool IsSlug(string? value) =>
        value is { Length: > 0 and <= 120 }
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal);
}
