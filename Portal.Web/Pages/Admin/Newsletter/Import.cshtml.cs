using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Newsletter;

/// <summary>Bringing the Mailchimp audience over: the export is read and counted first, and only her second press adds anyone.</summary>
[SignedIn("Therapist")]
[RequestSizeLimit(6_000_000)]
public sealed class ImportModel(PortalApiClient api) : PageModel
{
    public IFormFile? Upload { get; set; }

    /// <summary>The export as read at the preview, carried to the second press so it is exactly what she saw.</summary>
    [BindProperty]
    public string? Csv { get; set; }

    public ImportPreviewView? Preview { get; private set; }

    public ImportResultView? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? upload, CancellationToken cancellationToken)
    {
        if (upload is null || upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose the CSV file Mailchimp exported.");
            return Page();
        }

        using var reader = new StreamReader(upload.OpenReadStream());
        Csv = await reader.ReadToEndAsync(cancellationToken);
        var (preview, problem) = await api.PreviewMailchimpImportAsync(Csv, cancellationToken);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(Upload), problem.Errors.Values.FirstOrDefault()?.FirstOrDefault() ?? problem.Title);
            Csv = null;
        }

        Preview = preview;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        var (result, problem) = await api.ImportMailchimpAsync(Csv ?? "", cancellationToken);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(Upload), problem.Errors.Values.FirstOrDefault()?.FirstOrDefault() ?? problem.Title);
        }

        (Result, Csv) = (result, null);
        return Page();
    }
}
