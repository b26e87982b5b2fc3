using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Admin.Practice;

namespace Portal.Web.Pages.Me;

/// <summary>The client's details and email choices, changed by themselves; a new address by the link sent to it.</summary>
[SignedIn("Client")]
public sealed class ProfileModel(PortalApiClient api) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["timeZone"] = "TimeZone" };

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    [BindProperty]
    public string? NewEmail { get; set; }

    public ProfileView Profile { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Profile = await api.MyProfileAsync(cancellationToken);
        Input = ProfileInput.From(Profile);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var problem = await api.SaveMyProfileAsync(Input.ToForm(), cancellationToken);
        if (problem is null)
        {
            Message = "Your details are saved.";
            return RedirectToPage();
        }

        ModelState.Clear();
        FormProblems.Add(ModelState, problem, nameof(Input), Fields);
        Profile = await api.MyProfileAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken)
    {
        var problem = await api.RequestEmailChangeAsync(NewEmail, cancellationToken);
        if (problem is null)
        {
            Message = $"We sent a link to {NewEmail!.Trim()}. Your address changes when you follow it (within 24 hours).";
            return RedirectToPage();
        }

        ModelState.Clear();
        foreach (var message in problem.Errors.GetValueOrDefault("email") ?? [$"{problem.Title}. {problem.Detail}"])
        {
            ModelState.AddModelError(nameof(NewEmail), message);
        }

        Profile = await api.MyProfileAsync(cancellationToken);
        Input = ProfileInput.From(Profile);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

public sealed class ProfileInput
{
    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? TimeZone { get; set; }

    public bool RemindersByEmail { get; set; }

    public bool MessageNoticesByEmail { get; set; }

    public static ProfileInput From(ProfileView profile) => new()
    {
        Name = profile.Name, Phone = profile.Phone, TimeZone = profile.TimeZone,
        RemindersByEmail = profile.RemindersByEmail, MessageNoticesByEmail = profile.MessageNoticesByEmail,
    };

    public ProfileChangeForm ToForm() => new(Name, Phone, TimeZone, RemindersByEmail, MessageNoticesByEmail);
}
