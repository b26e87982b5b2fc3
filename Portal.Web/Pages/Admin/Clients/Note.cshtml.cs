using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Clients;

/// <summary>One note: a draft she writes (saved as she types when scripts run, and by its button always), or a signed note she amends.</summary>
[SignedIn("Therapist")]
public sealed class NoteModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    public NoteView Note { get; private set; } = null!;

    /// <summary>For an amendment: the signed note it amends.</summary>
    public NoteView? Original { get; private set; }

    [BindProperty]
    public NoteWordsInput Words { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid noteId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, noteId, cancellationToken))
        {
            return NotFound();
        }

        Words = NoteWordsInput.From(Note);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, Guid noteId, CancellationToken cancellationToken)
    {
        var (_, problem) = await api.SaveNoteDraftAsync(noteId, Words.ToWords(), cancellationToken);
        return await AfterAsync(id, noteId, problem, "Draft saved.", cancellationToken);
    }

    /// <summary>What the page's script sends while she types: 204 when saved, the refusal otherwise.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(Guid noteId, CancellationToken cancellationToken)
    {
        var (note, problem) = await api.SaveNoteDraftAsync(noteId, Words.ToWords(), cancellationToken);
        return note is not null ? new NoContentResult() : StatusCode(problem!.Status, problem.Detail ?? problem.Title);
    }

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid noteId, CancellationToken cancellationToken)
    {
        var (_, problem) = await api.SaveNoteDraftAsync(noteId, Words.ToWords(), cancellationToken);
        if (problem is null)
        {
            (_, problem) = await api.SignNoteAsync(noteId, cancellationToken);
        }

        if (problem is null)
        {
            Message = "Signed. From now on the note stays as it is; add an amendment to correct it.";
            return RedirectToPage("Client", new { id });
        }

        return await AfterAsync(id, noteId, problem, "", cancellationToken);
    }

    public async Task<IActionResult> OnPostAmendAsync(Guid id, Guid noteId, CancellationToken cancellationToken)
    {
        var (amendment, problem) = await api.AmendNoteAsync(noteId, Words.ToWords(), cancellationToken);
        return amendment is null
            ? await AfterAsync(id, noteId, problem, "", cancellationToken)
            : RedirectToPage(new { id, noteId = amendment.Id });
    }

    public string When(DateTimeOffset time) =>
        VisitorTime.Full(TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone);

    private async Task<IActionResult> AfterAsync(Guid id, Guid noteId, ApiProblem? problem, string saved, CancellationToken cancellationToken)
    {
        if (problem is null)
        {
            Message = saved;
            return RedirectToPage(new { id, noteId });
        }

        foreach (var (field, errors) in problem.Errors)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError($"Words.{char.ToUpperInvariant(field[0])}{field[1..]}", error);
            }
        }

        if (problem.Errors.Count == 0)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
        }

        return await LoadAsync(id, noteId, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, Guid noteId, CancellationToken cancellationToken)
    {
        if (await api.NoteAsync(noteId, cancellationToken) is not { } note || note.ClientId != id)
        {
            return false;
        }

        Note = note;
        Original = note.AmendsNoteId is { } original ? await api.NoteAsync(original, cancellationToken) : null;
        return true;
    }
}

public sealed class NoteWordsInput
{
    public string? Text { get; set; }
    public string? Subjective { get; set; }
    public string? Objective { get; set; }
    public string? Assessment { get; set; }
    public string? Plan { get; set; }

    public NoteWords ToWords() => new(Text, Subjective, Objective, Assessment, Plan);

    public static NoteWordsInput From(NoteView note) => new()
    {
        Text = note.Text, Subjective = note.Subjective, Objective = note.Objective, Assessment = note.Assessment, Plan = note.Plan,
    };
}
