using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>
/// The questions a client answers between the discovery call and ongoing work. Saving makes a new version of the form;
/// answers already given stay with the version they answered.
/// </summary>
[SignedIn("Therapist")]
public sealed class IntakeModel(PortalApiClient api) : PageModel
{
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("ShortText", "Short answer"),
        ("LongText", "Long answer"),
        ("SingleChoice", "One of several choices"),
        ("MultipleChoice", "Any of several choices"),
        ("YesNo", "Yes or no"),
    ];

    [BindProperty]
    public List<QuestionInput> Questions { get; set; } = [];

    public int Version { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var form = await api.IntakeFormAsync(cancellationToken);
        Version = form.Version;
        Questions = [.. form.Questions.Select((q, i) => QuestionInput.From(q, i + 1)), QuestionInput.Blank];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Version = (await api.IntakeFormAsync(cancellationToken)).Version;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // A blank row is the "add a question" row left empty; removed rows go; the rest in the order she numbered them.
        var kept = Questions
            .Select((q, index) => (Question: q, index))
            .Where(q => !q.Question.Remove && !(q.Question.Id is null && string.IsNullOrWhiteSpace(q.Question.Text)))
            .OrderBy(q => q.Question.Position ?? q.index + 1).ThenBy(q => q.Question.Id is null).ThenBy(q => q.index)
            .Select(q => q.Question)
            .ToList();
        var (form, problem) = await api.ReviseIntakeFormAsync(kept.Select(q => q.ToDraft()), cancellationToken);
        if (form is not null)
        {
            Message = form.Questions.Length == 0
                ? "Saved. The form asks nothing now, so clients book ongoing sessions straight after their discovery call."
                : $"Saved as version {form.Version}. Clients who already sent their answers keep the version they answered.";
            return RedirectToPage();
        }

        foreach (var (field, messages) in problem!.Errors)
        {
            // "questions[2].choices" is the third question she kept: point at its row on the page.
            var key = field;
            if (field.StartsWith("questions[", StringComparison.Ordinal) && field.IndexOf(']') is var end and > 10
                && int.TryParse(field[10..end], out var keptIndex) && keptIndex < kept.Count)
            {
                var row = Questions.IndexOf(kept[keptIndex]);
                var part = field[(end + 1)..].TrimStart('.');
                key = $"Questions[{row}].{(part.Length == 0 ? "Text" : char.ToUpperInvariant(part[0]) + part[1..])}";
            }

            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }

        Version = (await api.IntakeFormAsync(cancellationToken)).Version;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

public sealed class QuestionInput
{
    public static QuestionInput Blank => new() { Kind = "ShortText" };

    public Guid? Id { get; set; }

    public string? Text { get; set; }

    public string Kind { get; set; } = "ShortText";

    public bool Required { get; set; }

    /// <summary>One choice per line.</summary>
    public string? Choices { get; set; }

    public int? Position { get; set; }

    public bool Remove { get; set; }

    public static QuestionInput From(IntakeQuestionView question, int position) => new()
    {
        Position = position,
        Id = question.Id, Text = question.Text, Kind = question.Kind, Required = question.Required, Choices = string.Join("\n", question.Choices),
    };

    public IntakeQuestionDraft ToDraft() => new(Id, Kind, Text ?? "", Required,
        (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
