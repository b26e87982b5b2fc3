namespace Portal.Core.Notifications;

public static class Wording
{
    /// <summary>
    /// A session type's name inside a sentence: "your free discovery call", but "your EMDR session" (a name
    /// that starts with an acronym keeps it).
    /// </summary>
    public static string InSentence(string name) =>
        name.Length > 1 && char.IsUpper(name[0]) && char.IsLower(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;
}
