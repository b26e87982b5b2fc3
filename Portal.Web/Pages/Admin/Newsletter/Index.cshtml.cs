using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Newsletter;

/// <summary>Compose (Markdown), preview, send a test to herself, send now or at a time; and the history of what went out.</summary>
[SignedIn("Therapist")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public string Segment { get; set; } = "AllSubscribers";

    /// <summary>Practice-local date and time; empty to send now.</summary>
    [BindProperty]
    public DateTime? SendAt { get; set; }

    public NewsletterPreviewView? Preview { get; private set; }

    public string? Notice { get; private set; }

    public IReadOnlyList<NewsletterSegmentView> Segments { get; private set; } = [];

    public IReadOnlyList<NewsletterIssueView> History { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var (preview, problem) = await api.PreviewNewsletterAsync(Subject, Body, cancellationToken);
        (Preview, _) = (preview, Show(problem));
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The preview alone, for the page's script to refresh it while she types.</summary>
    public async Task<IActionResult> OnPostPreviewFragmentAsync(CancellationToken cancellationToken)
    {
        var (preview, _) = await api.PreviewNewsletterAsync(Subject, Body, cancellationToken);
        return Partial("_NewsletterPreview", preview);
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        var (sent, problem) = await api.SendNewsletterTestAsync(Subject, Body, cancellationToken);
        if (Show(problem))
        {
            Notice = $"A test is on its way to {sent!.To}.";
        }

        (Preview, _) = await api.PreviewNewsletterAsync(Subject, Body, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        var sendAt = SendAt is { } local ? ToInstant(local) : (DateTimeOffset?)null;
        var (issue, problem) = await api.ScheduleNewsletterAsync(Subject, Body, Segment, sendAt, cancellationToken);
        if (!Show(problem))
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["NewsletterNotice"] = sendAt is null
            ? $"“{issue!.Subject}” is going out now to {issue.SegmentLabel.ToLowerInvariant()}."
            : $"“{issue!.Subject}” will go out {VisitorTime.Full(issue.SendAt, TimeZone)}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Notice ??= TempData["NewsletterNotice"] as string;
        var segments = api.NewsletterSegmentsAsync(cancellationToken);
        History = await api.NewsletterHistoryAsync(cancellationToken);
        Segments = await segments;
    }

    /// <returns>True when there was no problem; otherwise its errors are put next to their fields.</returns>
    private bool Show(ApiProblem? problem)
    {
        if (problem is null)
        {
            return true;
        }

        foreach (var (field, messages) in problem.Errors)
        {
            ModelState.AddModelError(field switch { "subject" => nameof(Subject), "segment" => nameof(Segment), "sendAt" => nameof(SendAt), _ => nameof(Body) },
                messages.FirstOrDefault() ?? problem.Title);
        }

        if (problem.Errors.Count == 0)
        {
            ModelState.AddModelError(nameof(Body), problem.Detail ?? problem.Title);
        }

        return false;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
