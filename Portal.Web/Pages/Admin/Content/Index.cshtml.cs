using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Content;
using Portal.Web.Identity;
using Portal.Web.Pages.Admin.Practice;

namespace Portal.Web.Pages.Admin.Content;

/// <summary>
/// Her library, newest first, and the form that adds to it. The file arrives as a form file, which ASP.NET keeps on disk
/// past 64 KB, and goes on to the Api as a stream; this page alone takes bodies of 200 MB and the form around them.
/// </summary>
[SignedIn("Therapist")]
[RequestSizeLimit(ContentFilesRegistration.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ContentFilesRegistration.MaxRequestBytes)]
public sealed class IndexModel(PortalApiClient api, ContentFiles files) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    [BindProperty]
    public ContentInput Input { get; set; } = new();

    public IReadOnlyList<ContentItemView> Items { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await api.LibraryAsync(Archived, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var isLink = Input.Kind == "Link";
        var (id, problem) = await files.UploadAsync(
            new ContentUploadForm(Input.Title ?? "", Input.Kind ?? "", Input.Description, Input.Url), isLink ? null : Input.File, cancellationToken);
        if (id is { } added)
        {
            Message = $"{Input.Title?.Trim()} is in your library. Share it with a client below.";
            // The progress bar's request would follow a redirect itself and spend the message: it is told where to go.
            if (Request.Headers["X-Requested-With"] == "upload")
            {
                Response.Headers.Location = $"/admin/content/{added}";
                return StatusCode(StatusCodes.Status201Created);
            }

            return Redirect($"/admin/content/{added}");
        }

        FormProblems.Add(ModelState, problem!, nameof(Input), new Dictionary<string, string> { ["form"] = "" });
        Items = await api.LibraryAsync(Archived, cancellationToken);
        return Page();
    }
}

public sealed class ContentInput
{
    public string? Title { get; set; }

    public string? Kind { get; set; } = "Audio";

    public string? Description { get; set; }

    public string? Url { get; set; }

    public IFormFile? File { get; set; }
}
