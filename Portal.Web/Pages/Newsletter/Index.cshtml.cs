using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;

namespace Portal.Web.Pages.Newsletter;

/// <summary>Signing up: the page, and where the footer's small form posts. Nothing is subscribed until the emailed link is confirmed.</summary>
public sealed class IndexModel(PortalApiClient api) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>"footer" when the footer's form sent it.</summary>
    [BindProperty]
    public string? Source { get; set; }

    public string? Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (result, problem) = await api.SubscribeToNewsletterAsync(Email, Name, Source == "footer" ? "footer" : "page", cancellationToken);
        if (problem is not null)
        {
            foreach (var (field, messages) in problem.Errors)
            {
                ModelState.AddModelError(field.Equals("name", StringComparison.OrdinalIgnoreCase) ? nameof(Name) : nameof(Email), messages.FirstOrDefault() ?? problem.Title);
            }

            if (problem.Errors.Count == 0)
            {
                ModelState.AddModelError(nameof(Email), problem.Detail ?? problem.Title);
            }

            return Page();
        }

        Sent = result!.Message;
        return Page();
    }
}
