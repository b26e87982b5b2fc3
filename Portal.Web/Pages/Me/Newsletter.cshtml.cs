using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Me;

/// <summary>The client's email preferences: the newsletter, on or off. Emails about their own sessions are not a choice here.</summary>
[SignedIn("Client")]
public sealed class NewsletterModel(PortalApiClient api) : PageModel
{
    [BindProperty]
    public bool Subscribed { get; set; }

    public string Status { get; private set; } = "None";

    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var choice = await api.MyNewsletterAsync(cancellationToken);
        (Subscribed, Status) = (choice.Subscribed, choice.Status);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (choice, _) = await api.ChooseMyNewsletterAsync(Subscribed, cancellationToken);
        (Subscribed, Status) = (choice!.Subscribed, choice.Status);
        Saved = Subscribed ? "Saved: the newsletter will come to you." : "Saved: no more newsletters.";
        return Page();
    }
}
