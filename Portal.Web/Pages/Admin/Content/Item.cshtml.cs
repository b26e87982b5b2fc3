using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Admin.Practice;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Content;

/// <summary>
/// One item: its words, archive or restore, and sharing. Sharing is two steps, so it works without scripts: choose the
/// client (a GET, <c>?clientId=</c>), then one of their sessions and a note.
/// </summary>
[SignedIn("Therapist")]
public sealed class ItemModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The client she is sharing with, once chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? ClientId { get; set; }

    [BindProperty]
    public EditInput Edit { get; set; } = new();

    [BindProperty]
    public ShareInput Share { get; set; } = new();

    public ContentItemView Item { get; private set; } = null!;

    public IReadOnlyList<ClientListingView> Clients { get; private set; } = [];

    /// <summary>The chosen client's sessions, newest first.</summary>
    public IReadOnlyList<BookingView> Sessions { get; private set; } = [];

    public string? ClientName => Clients.FirstOrDefault(c => c.Id == ClientId)?.Name;

    public string TimeZone => practice.Value.TimeZone;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ReadAsync(cancellationToken))
        {
            return NotFound();
        }

        Edit = new EditInput { Title = Item.Title, Description = Item.Description };
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken)
    {
        var problem = await api.EditContentAsync(Id, Edit.Title, Edit.Description, null, cancellationToken);
        return await AnswerAsync(problem, nameof(Edit), "Saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostArchiveAsync(bool archive, CancellationToken cancellationToken)
    {
        if (!await ReadAsync(cancellationToken))
        {
            return NotFound();
        }

        var problem = await api.EditContentAsync(Id, Item.Title, Item.Description, archive, cancellationToken);
        return await AnswerAsync(problem, "", archive
            ? "Archived: it is out of your list and cannot be shared; clients keep what you shared with them."
            : "Restored to your library.", cancellationToken);
    }

    public async Task<IActionResult> OnPostShareAsync(CancellationToken cancellationToken)
    {
        var problem = ClientId is { } clientId
            ? await api.ShareContentAsync(Id, clientId, Share.BookingId, Share.Note, cancellationToken)
            : new ApiProblem(400, null, "", null, new Dictionary<string, string[]> { ["clientId"] = ["Choose the client to share it with."] });
        if (problem is null)
        {
            Message = "Shared. They are told in their portal and by email.";
            return Redirect($"/admin/content/{Id}");
        }

        return await AnswerAsync(problem, nameof(Share), null, cancellationToken);
    }

    public async Task<IActionResult> OnPostUnshareAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var problem = await api.UnshareContentAsync(Id, clientId, cancellationToken);
        ClientId = null;
        return await AnswerAsync(problem, "", "It is no longer in their library.", cancellationToken);
    }

    /// <summary>Done: back to the page with a word; refused: the page again with the reasons next to the fields.</summary>
    private async Task<IActionResult> AnswerAsync(ApiProblem? problem, string prefix, string? done, CancellationToken cancellationToken)
    {
        if (problem is { Status: 404 } && prefix != nameof(Share))
        {
            return NotFound();
        }

        if (problem is null)
        {
            Message = done;
            return Redirect($"/admin/content/{Id}");
        }

        FormProblems.Add(ModelState, problem, prefix.Length == 0 ? "Input" : prefix, new Dictionary<string, string> { ["clientId"] = "" });
        return await ReadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var clients = api.ClientsAsync(new ClientQuery(PageSize: 100), cancellationToken);
        if (await api.ContentItemAsync(Id, cancellationToken) is not { } item)
        {
            return false;
        }

        Item = item;
        Clients = (await clients).Clients.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        if (ClientId is { } clientId)
        {
            Sessions = await api.ClientSessionsAsync(clientId, cancellationToken);
        }

        return true;
    }
}

public sealed class EditInput
{
    public string? Title { get; set; }

    public string? Description { get; set; }
}

public sealed class ShareInput
{
    public Guid? BookingId { get; set; }

    public string? Note { get; set; }
}
