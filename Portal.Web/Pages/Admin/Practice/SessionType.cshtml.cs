using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>
/// One session type, new or existing. A new price or length with sessions of the type booked ahead is explained
/// first: those sessions keep what they were booked with.
/// </summary>
[SignedIn("Therapist")]
public sealed class SessionTypeModel(PortalApiClient api) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["priceMinorUnits"] = nameof(SessionTypeInput.Price), ["bufferAfterMinutes"] = nameof(SessionTypeInput.BufferAfterMinutes),
    };

    [BindProperty]
    public SessionTypeInput Input { get; set; } = new();

    [BindProperty]
    public bool Confirm { get; set; }

    public bool IsNew { get; private set; }

    public SessionTypeDetailsView? Existing { get; private set; }

    /// <summary>Set when saving waits for her word.</summary>
    public string? Consequence { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await FindAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        Input = Existing is null ? new SessionTypeInput() : SessionTypeInput.From(Existing);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await FindAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        if (Existing is not null)
        {
            Input.Slug = Existing.Slug;
        }
        else if (string.IsNullOrWhiteSpace(Input.Slug) && !string.IsNullOrWhiteSpace(Input.Name))
        {
            Input.Slug = SessionTypeInput.SlugFrom(Input.Name);
            ModelState.Remove($"{nameof(Input)}.{nameof(Input.Slug)}");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var form = Input.ToForm();
        if (!Confirm && Existing is { UpcomingSessions: > 0 } existing
            && (existing.PriceMinorUnits != form.PriceMinorUnits || existing.DurationMinutes != form.DurationMinutes || existing.Currency != form.Currency))
        {
            var sessions = existing.UpcomingSessions == 1 ? "1 session of this type is" : $"{existing.UpcomingSessions} sessions of this type are";
            Consequence = $"{sessions} booked ahead. They keep the length and price they were booked with " +
                $"({existing.DurationMinutes} min, {SessionTypeInput.PriceText(existing.PriceMinorUnits, existing.Currency)}); " +
                $"new bookings are {form.DurationMinutes} min at {SessionTypeInput.PriceText(form.PriceMinorUnits, form.Currency)}.";
            return Page();
        }

        var problem = await api.SaveSessionTypeAsync(form, IsNew, cancellationToken);
        if (problem is not null)
        {
            FormProblems.Add(ModelState, problem, nameof(Input), Fields);
            return Page();
        }

        TempData[nameof(SessionTypesModel.Message)] = $"{form.Name} is saved.";
        return RedirectToPage("/Admin/Practice/SessionTypes");
    }

    public async Task<IActionResult> OnPostBackAsync(string slug, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return await FindAsync(slug, cancellationToken) ? Page() : NotFound();
    }

    /// <summary>"new" is a new type; otherwise the type must exist.</summary>
    private async Task<bool> FindAsync(string slug, CancellationToken cancellationToken)
    {
        IsNew = slug == "new";
        Existing = IsNew ? null : (await api.AllSessionTypesAsync(cancellationToken)).FirstOrDefault(t => t.Slug == slug);
        return IsNew || Existing is not null;
    }
}

public sealed class SessionTypeInput
{
    public static readonly string[] Currencies = ["GBP", "EUR", "USD"];

    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Use lower-case letters, digits and single hyphens, e.g. couples-session.")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Give the session a name.")]
    [StringLength(120, ErrorMessage = "Keep the name under 120 characters.")]
    public string Name { get; set; } = "";

    [StringLength(2000, ErrorMessage = "Keep the description under 2,000 characters.")]
    public string? Description { get; set; }

    [Range(5, 480, ErrorMessage = "A session lasts between 5 minutes and 8 hours.")]
    public int DurationMinutes { get; set; } = 50;

    [Range(typeof(decimal), "0", "100000", ErrorMessage = "Give the price in pounds (or the currency below), e.g. 75 or 72.50; 0 for free.")]
    public decimal Price { get; set; }

    public string Currency { get; set; } = "GBP";

    /// <summary>"Virtual" or "InPerson".</summary>
    public string Mode { get; set; } = "Virtual";

    [Range(0, 240, ErrorMessage = "Buffers are between 0 and 240 minutes.")]
    public int BufferBeforeMinutes { get; set; }

    [Range(0, 240, ErrorMessage = "Buffers are between 0 and 240 minutes.")]
    public int BufferAfterMinutes { get; set; } = 10;

    public bool RequiresCompletedDiscovery { get; set; } = true;

    public bool IsActive { get; set; } = true;

    [Range(0, 1000, ErrorMessage = "Give a position between 0 and 1000 (lower comes first).")]
    public int DisplayOrder { get; set; } = 10;

    public static SessionTypeInput From(SessionTypeDetailsView type) => new()
    {
        Slug = type.Slug,
        Name = type.Name,
        Description = type.Description,
        DurationMinutes = type.DurationMinutes,
        Price = type.PriceMinorUnits / 100m,
        Currency = type.Currency,
        Mode = type.Mode,
        BufferBeforeMinutes = type.BufferBeforeMinutes,
        BufferAfterMinutes = type.BufferAfterMinutes,
        RequiresCompletedDiscovery = type.RequiresCompletedDiscovery,
        IsActive = type.IsActive,
        DisplayOrder = type.DisplayOrder,
    };

    public SessionTypeForm ToForm() => new(
        Slug ?? "", Name.Trim(), Description?.Trim() ?? "", DurationMinutes, (long)decimal.Round(Price * 100m), Currency,
        Mode == "InPerson" ? "InPerson" : "Virtual", BufferBeforeMinutes, BufferAfterMinutes, RequiresCompletedDiscovery, IsActive, DisplayOrder);

    /// <summary>"Couples session" → "couples-session".</summary>
    public static string SlugFrom(string? name)
    {
        var words = new string([.. (name ?? "").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('-', words) is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 80)].Trim('-') : "session";
    }

    public static string PriceText(long minorUnits, string currency) =>
        new SessionTypeView("", "", "", 0, minorUnits, currency, "", false, false).PriceText;
}
