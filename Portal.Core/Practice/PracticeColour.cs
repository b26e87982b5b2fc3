namespace Portal.Core.Practice;

/// <summary>
/// The practice's accent colour is written <c>#rrggbb</c>: the form every page, email and the database accept, and
/// one that cannot break out of a style attribute or a stylesheet declaration.
/// </summary>
public static partial class PracticeColour
{
    public const string Default = "#3f6b5c";

    public const string Pattern = "^#[0-9a-fA-F]{6}$";

    public static bool IsValid(string? colour) => colour is not null && Format().IsMatch(colour);

    [System.Text.RegularExpressions.GeneratedRegex(Pattern)]
    private static partial System.Text.RegularExpressions.Regex Format();
}
