using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Messaging;

namespace Portal.Web.Pages.Admin.Messages;

/// <summary>She starts a conversation with a client (from the client's page, "Write to …").</summary>
[SignedIn("Therapist")]
public sealed class NewModel(PortalApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ClientId { get; set; }

    [BindProperty]
    public MessageInput Input { get; set; } = new();

    public ClientView Client { get; private set; } = null!;

    public NewThreadForm Form => new($"/admin/messages/new?clientId={ClientId}", Input);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await FindClientAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await FindClientAsync(cancellationToken))
        {
            return NotFound();
        }

        var (thread, problem) = await api.StartThreadAsync(ClientId, Input, cancellationToken);
        if (thread is not null)
        {
            return Redirect($"/admin/messages/{thread.Id}");
        }

        // She may always write; what can stop her is a mistyped field or the Api's own limits.
        if (MessageForm.Apply(ModelState, problem!) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
        }

        return Page();
    }

    private async Task<bool> FindClientAsync(CancellationToken cancellationToken) =>
        ClientId != Guid.Empty && (Client = (await api.ClientAsync(ClientId, cancellationToken))!) is not null;
}
