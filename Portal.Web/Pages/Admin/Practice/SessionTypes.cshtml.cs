using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>Every session type she offers or once offered; a type is put away (inactive), never deleted.</summary>
[SignedIn("Therapist")]
public sealed class SessionTypesModel(PortalApiClient api) : PageModel
{
    public SessionTypeDetailsView[] Types { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Types = await api.AllSessionTypesAsync(cancellationToken);

    public async Task<IActionResult> OnPostActiveAsync(string slug, bool active, CancellationToken cancellationToken)
    {
        var type = (await api.AllSessionTypesAsync(cancellationToken)).FirstOrDefault(t => t.Slug == slug);
        if (type is null)
        {
            return NotFound();
        }

        var problem = await api.SaveSessionTypeAsync(SessionTypeInput.From(type).ToForm() with { IsActive = active }, isNew: false, cancellationToken);
        Message = problem is not null
            ? $"{problem.Title}. {problem.Detail}"
            : active ? $"{type.Name} is offered on the booking page again." : $"{type.Name} is no longer offered. Sessions already booked stay as they are.";
        return RedirectToPage();
    }

    public static string Facts(SessionTypeDetailsView type) =>
        $"{type.DurationMinutes} min · {SessionTypeInput.PriceText(type.PriceMinorUnits, type.Currency)} · {(type.Mode == "Virtual" ? "online" : "in person")}";
}
