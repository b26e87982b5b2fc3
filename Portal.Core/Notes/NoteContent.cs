using System.Text.Json;

namespace Portal.Core.Notes;

/// <summary>The words of a note: <see cref="Text"/> for a free note, the four SOAP headings for a structured one.</summary>
public sealed record NoteContent(
    string? Text = null, string? Subjective = null, string? Objective = null, string? Assessment = null, string? Plan = null)
{
    public const int MaxLength = 20_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Only the parts the structure has, trimmed; a free note keeps no SOAP parts and a SOAP note no free text.</summary>
    public NoteContent For(NoteStructure structure) => structure == NoteStructure.Free
        ? new NoteContent(Text: Trimmed(Text))
        : new NoteContent(Subjective: Trimmed(Subjective), Objective: Trimmed(Objective), Assessment: Trimmed(Assessment), Plan: Trimmed(Plan));

    /// <summary>What to fix, by field; empty when the content is acceptable.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        foreach (var (field, value) in new[] { ("text", Text), ("subjective", Subjective), ("objective", Objective), ("assessment", Assessment), ("plan", Plan) })
        {
            if (value?.Length > MaxLength)
            {
                problems[field] = [$"Keep each part under {MaxLength:N0} characters."];
            }
        }

        return problems;
    }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Subjective) && string.IsNullOrWhiteSpace(Objective)
        && string.IsNullOrWhiteSpace(Assessment) && string.IsNullOrWhiteSpace(Plan);

    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    internal static NoteContent FromJson(string json) => JsonSerializer.Deserialize<NoteContent>(json, Json) ?? new NoteContent();

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
