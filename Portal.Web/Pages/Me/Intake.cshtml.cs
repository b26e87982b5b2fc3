using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me;

/// <summary>The intake form: answered over as many visits as the client needs, then sent once.</summary>
[SignedIn("Client")]
public sealed class IntakeModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public ClientIntakeView Intake { get; private set; } = null!;

    public PracticeProfile Practice => practice.Value;

    /// <summary>What the client typed, kept when a send is refused so nothing is lost.</summary>
    public Dictionary<Guid, string[]> Given { get; private set; } = [];

    /// <summary>Each question's problem, by question.</summary>
    public Dictionary<Guid, string> Problems { get; } = [];

    public string? GeneralProblem { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    /// <summary>A time as the client lives it: in their zone, or the practice's.</summary>
    public string Local(DateTimeOffset time) =>
        VisitorTime.FullIn(time, VisitorTime.ZoneOr(SignedInAttribute.Me(HttpContext).TimeZone, Practice.TimeZone));

    public string[] AnswerTo(Guid question) => Given.GetValueOrDefault(question) ?? [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Intake = await api.MyIntakeAsync(cancellationToken);
        Given = Intake.Answers;
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken) => SaveAsync(submit: false, cancellationToken);

    public Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken) => SaveAsync(submit: true, cancellationToken);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken cancellationToken)
    {
        Intake = await api.MyIntakeAsync(cancellationToken);
        Given = Intake.Questions.ToDictionary(q => q.Id, q => Request.Form[$"q-{q.Id}"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray());
        var (saved, problem) = await api.SaveMyIntakeAsync(Given.Where(a => a.Value.Length > 0).ToDictionary(), submit, cancellationToken);
        if (saved is not null)
        {
            Saved = submit ? "sent" : "saved";
            return RedirectToPage();
        }

        foreach (var (field, messages) in problem!.Errors)
        {
            if (field.StartsWith("answers.", StringComparison.Ordinal) && Guid.TryParse(field["answers.".Length..], out var id))
            {
                Problems[id] = string.Join(" ", messages);
            }
        }

        GeneralProblem = Problems.Count == 0 ? $"{problem.Title}. {problem.Detail}".Trim(' ', '.') + "." : null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
